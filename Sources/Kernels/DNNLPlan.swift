// One oneDNN primitive wrapped with the reorders between our NCHW buffers and its layouts.
import CDNNL
import Synchronization

/// The process-wide oneDNN CPU engine, or nil when oneDNN cannot create one (then the
/// convolution falls back to im2col).
final class DNNLEngine: @unchecked Sendable {
    // @unchecked: a dnnl_engine_t is immutable after creation and safe to share.
    let handle: dnnl_engine_t

    static let shared: DNNLEngine? = {
        omp_set_num_threads(1)
        var engine: dnnl_engine_t?
        guard dnnl_engine_create(&engine, dnnl_cpu, 0) == dnnl_success, let engine else {
            return nil
        }
        return DNNLEngine(handle: engine)
    }()

    private init(handle: dnnl_engine_t) { self.handle = handle }
}

/// One argument of a primitive as the caller sees it: a plain (NCHW/OIHW/1-D) buffer, and the
/// layout the primitive wants. When they differ, a reorder primitive converts on the way in
/// (inputs) or out (outputs) through a scratch buffer.
struct DNNLPort {
    /// DNNL_ARG_* of the argument.
    var argument: Int32
    /// The caller's plain layout.
    var userDescriptor: dnnl_memory_desc_t
    /// The primitive's layout (maybe blocked, channel-padded).
    var primitiveDescriptor: dnnl_memory_desc_t
    /// Converts between the two, nil when the layouts are equal.
    var reorder: dnnl_primitive_t?
    /// True for inputs (reorder user -> primitive), false for outputs.
    var isInput: Bool
    /// Bytes of the primitive-layout buffer.
    var primitiveBytes: Int
}

/// A created primitive for one shape and pass, its ports, and a pool of per-thread workers.
/// Built once per (shape, pass) and kept for the life of the process.
final class DNNLPlan: @unchecked Sendable {
    // @unchecked: primitives are immutable and oneDNN allows executing one primitive from
    // several threads at once with different memory; the mutable per-execution state lives in
    // workers, which the mutex hands out one per thread.
    let primitive: dnnl_primitive_t
    let ports: [DNNLPort]
    let scratchpadDescriptor: dnnl_memory_desc_t
    let scratchpadBytes: Int
    private let idleWorkers = Mutex<[DNNLWorker]>([])

    /// Creates the primitive for the operation descriptor `operation` (with `hint` as the
    /// forward primitive descriptor for backward passes, and `activation` as an eltwise
    /// post-op), and a reorder for each port whose user layout differs from the one the
    /// primitive chose. `ports` lists
    /// (argument, user descriptor, query and index for the primitive's descriptor, is input).
    init?(operation: UnsafeRawPointer, hint: dnnl_primitive_desc_t?,
          activation: ConvolutionActivation = .identity,
          ports requested: [(Int32, dnnl_memory_desc_t, dnnl_query_t, Int32, Bool)]) {
        guard let engine = DNNLEngine.shared?.handle else { return nil }
        var attributes: dnnl_primitive_attr_t?
        guard dnnl_primitive_attr_create(&attributes) == dnnl_success else { return nil }
        defer { dnnl_primitive_attr_destroy(attributes) }
        // Scratchpad "user": we pass the scratch memory, so concurrent executions of one
        // primitive never share oneDNN's internal scratchpad.
        dnnl_primitive_attr_set_scratchpad_mode(attributes, dnnl_scratchpad_mode_user)
        if activation == .relu {
            // ReLU as a post-op: applied to each output block before it is stored
            // (alpha 0 = no negative slope; scale 1). The attributes keep their own copy.
            var postOps: dnnl_post_ops_t?
            guard dnnl_post_ops_create(&postOps) == dnnl_success, let postOps else { return nil }
            defer { dnnl_post_ops_destroy(postOps) }
            guard dnnl_post_ops_append_eltwise(postOps, 1, dnnl_eltwise_relu, 0, 0) == dnnl_success,
                  dnnl_primitive_attr_set_post_ops(attributes, postOps) == dnnl_success
            else { return nil }
        }
        var descriptor: dnnl_primitive_desc_t?
        guard dnnl_primitive_desc_create(&descriptor, operation, attributes, engine, hint)
            == dnnl_success, let descriptor else { return nil }
        defer { dnnl_primitive_desc_destroy(descriptor) }
        var created: dnnl_primitive_t?
        guard dnnl_primitive_create(&created, descriptor) == dnnl_success, let created else {
            return nil
        }
        var ports: [DNNLPort] = []
        func destroyAll() {
            for port in ports { if let reorder = port.reorder { dnnl_primitive_destroy(reorder) } }
            dnnl_primitive_destroy(created)
        }
        for (argument, user, query, queryIndex, isInput) in requested {
            guard let chosen = dnnl_primitive_desc_query_md(descriptor, query, queryIndex)?.pointee else {
                destroyAll()
                return nil
            }
            var userDescriptor = user, primitiveDescriptor = chosen
            var reorder: dnnl_primitive_t?
            if dnnl_memory_desc_equal(&userDescriptor, &primitiveDescriptor) == 0 {
                reorder = isInput
                    ? Self.makeReorder(from: &userDescriptor, to: &primitiveDescriptor, engine)
                    : Self.makeReorder(from: &primitiveDescriptor, to: &userDescriptor, engine)
                if reorder == nil {
                    destroyAll()
                    return nil
                }
            }
            ports.append(DNNLPort(argument: argument, userDescriptor: userDescriptor,
                                  primitiveDescriptor: primitiveDescriptor, reorder: reorder,
                                  isInput: isInput,
                                  primitiveBytes: dnnl_memory_desc_get_size(&primitiveDescriptor)))
        }
        guard var scratchpad = dnnl_primitive_desc_query_md(descriptor, dnnl_query_scratchpad_md, 0)?.pointee
        else {
            destroyAll()
            return nil
        }
        primitive = created
        self.ports = ports
        scratchpadBytes = dnnl_memory_desc_get_size(&scratchpad)
        scratchpadDescriptor = scratchpad
    }

    deinit {
        for port in ports { if let reorder = port.reorder { dnnl_primitive_destroy(reorder) } }
        dnnl_primitive_destroy(primitive)
    }

    private static func makeReorder(from source: UnsafePointer<dnnl_memory_desc_t>,
                                    to target: UnsafePointer<dnnl_memory_desc_t>,
                                    _ engine: dnnl_engine_t) -> dnnl_primitive_t? {
        var descriptor: dnnl_primitive_desc_t?
        guard dnnl_reorder_primitive_desc_create(&descriptor, source, engine, target, engine, nil)
            == dnnl_success, let descriptor else { return nil }
        defer { dnnl_primitive_desc_destroy(descriptor) }
        var reorder: dnnl_primitive_t?
        guard dnnl_primitive_create(&reorder, descriptor) == dnnl_success else { return nil }
        return reorder
    }

    /// Scratch bytes one execution needs for port `index` (0 when it needs no reorder), and
    /// for the scratchpad: the caller reserves them, one set per thread.
    func scratchBytes(port index: Int) -> Int {
        ports[index].reorder == nil ? 0 : ports[index].primitiveBytes
    }

    /// Runs the primitive on the calling thread: `user[i]` is the caller's buffer for port i,
    /// `scratch[i]` a buffer of `scratchBytes(port: i)` bytes, `scratchpad` one of
    /// `scratchpadBytes`. Returns false if oneDNN reports an error.
    func execute(user: UnsafePointer<UnsafeMutableRawPointer?>,
                 scratch: UnsafePointer<UnsafeMutableRawPointer?>,
                 scratchpad: UnsafeMutableRawPointer?) -> Bool {
        omp_set_num_threads(1)
        guard let worker = idleWorkers.withLock({ $0.popLast() }) ?? DNNLWorker(plan: self) else {
            return false
        }
        defer { idleWorkers.withLock { $0.append(worker) } }
        return worker.run(self, user: user, scratch: scratch, scratchpad: scratchpad)
    }
}
