import Foundation
import SafeTensors

extension Module {
    /// Loads parameters and buffers from a safetensors file whose keys are this module's
    /// state-dict keys behind `prefix` (for example "G." for a file holding G and D).
    /// Other tensors in the file are ignored; any key the module needs and the file lacks, or a
    /// shape that differs, is an error naming it.
    public func loadStateDict(from file: SafeTensorsFile, prefix: String = "") throws {
        var values: [String: (shape: [Int], scalars: [Float])] = [:]
        for (key, tensor) in file.tensors where key.hasPrefix(prefix) {
            values[String(key.dropFirst(prefix.count))] = (tensor.shape, tensor.values)
        }
        try loadStateDict(values, strict: false)
    }

    /// This module's state dict as safetensors entries, keys behind `prefix`.
    public func stateDictTensors(prefix: String = "", dtype: SafeTensorsDType = .float32) -> [String: SafeTensor] {
        var result: [String: SafeTensor] = [:]
        for (key, tensor) in stateDict() {
            result[prefix + key] = SafeTensor(shape: tensor.shape, values: tensor.scalars, dtype: dtype)
        }
        return result
    }
}
