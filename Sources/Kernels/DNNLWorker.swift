// The per-thread half of a DNNLPlan: a stream, memory objects and prebuilt argument lists.
import CDNNL

/// Everything one thread needs to execute a `DNNLPlan`, created once and reused: a stream,
/// a memory object per port (and per reordered port, one in the primitive's layout), and the
/// argument arrays, so an execution only swaps data pointers and allocates nothing.
final class DNNLWorker: @unchecked Sendable {
    // @unchecked: one thread uses a worker at a time; the plan's mutex hands it over.
    private let stream: dnnl_stream_t
    private var userMemories: [dnnl_memory_t] = []
    private var primitiveMemories: [dnnl_memory_t?] = []
    private var scratchpadMemory: dnnl_memory_t?
    private let arguments: UnsafeMutablePointer<dnnl_exec_arg_t>
    private let argumentCount: Int
    private let reorderArguments: UnsafeMutablePointer<dnnl_exec_arg_t>

    init?(plan: DNNLPlan) {
        guard let engine = DNNLEngine.shared?.handle else { return nil }
        var stream: dnnl_stream_t?
        guard dnnl_stream_create(&stream, engine, dnnl_stream_default_flags.rawValue) == dnnl_success,
              let stream else { return nil }
        self.stream = stream
        argumentCount = plan.ports.count + 1
        arguments = .allocate(capacity: argumentCount)
        reorderArguments = .allocate(capacity: 2 * plan.ports.count)
        for (index, port) in plan.ports.enumerated() {
            var user = port.userDescriptor, chosen = port.primitiveDescriptor
            var userMemory: dnnl_memory_t?
            // DNNL_MEMORY_NONE (NULL): the data pointer is set before every execution.
            guard dnnl_memory_create(&userMemory, &user, engine, nil) == dnnl_success,
                  let userMemory else { return nil }
            userMemories.append(userMemory)
            var primitiveMemory: dnnl_memory_t?
            if port.reorder != nil {
                guard dnnl_memory_create(&primitiveMemory, &chosen, engine, nil) == dnnl_success
                else { return nil }
            }
            primitiveMemories.append(primitiveMemory)
            let used = primitiveMemory ?? userMemory
            arguments[index] = dnnl_exec_arg_t(arg: port.argument, memory: used)
            let (from, to) = port.isInput ? (userMemory, used) : (used, userMemory)
            reorderArguments[2 * index] = dnnl_exec_arg_t(arg: DNNL_ARG_FROM, memory: from)
            reorderArguments[2 * index + 1] = dnnl_exec_arg_t(arg: DNNL_ARG_TO, memory: to)
        }
        var scratchpad = plan.scratchpadDescriptor
        guard dnnl_memory_create(&scratchpadMemory, &scratchpad, engine, nil) == dnnl_success
        else { return nil }
        arguments[plan.ports.count] = dnnl_exec_arg_t(arg: DNNL_ARG_SCRATCHPAD,
                                                      memory: scratchpadMemory)
    }

    deinit {
        for memory in userMemories { dnnl_memory_destroy(memory) }
        for memory in primitiveMemories { if let memory { dnnl_memory_destroy(memory) } }
        if let scratchpadMemory { dnnl_memory_destroy(scratchpadMemory) }
        dnnl_stream_destroy(stream)
        arguments.deallocate()
        reorderArguments.deallocate()
    }

    /// Reorders inputs, runs the primitive, reorders outputs. See `DNNLPlan.execute`.
    func run(_ plan: DNNLPlan, user: UnsafePointer<UnsafeMutableRawPointer?>,
             scratch: UnsafePointer<UnsafeMutableRawPointer?>,
             scratchpad: UnsafeMutableRawPointer?) -> Bool {
        var ok = true
        for index in plan.ports.indices {
            ok = ok && dnnl_memory_set_data_handle(userMemories[index], user[index]) == dnnl_success
            if let memory = primitiveMemories[index] {
                ok = ok && dnnl_memory_set_data_handle(memory, scratch[index]) == dnnl_success
            }
        }
        ok = ok && dnnl_memory_set_data_handle(scratchpadMemory, scratchpad) == dnnl_success
        for (index, port) in plan.ports.enumerated() where port.isInput {
            if let reorder = port.reorder {
                ok = ok && dnnl_primitive_execute(reorder, stream, 2, reorderArguments + 2 * index)
                    == dnnl_success
            }
        }
        ok = ok && dnnl_primitive_execute(plan.primitive, stream, Int32(argumentCount), arguments)
            == dnnl_success
        for (index, port) in plan.ports.enumerated() where !port.isInput {
            if let reorder = port.reorder {
                ok = ok && dnnl_primitive_execute(reorder, stream, 2, reorderArguments + 2 * index)
                    == dnnl_success
            }
        }
        return ok && dnnl_stream_wait(stream) == dnnl_success
    }
}
