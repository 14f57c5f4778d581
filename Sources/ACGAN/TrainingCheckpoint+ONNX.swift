import Foundation

extension TrainingCheckpoint {
    /// Writes this checkpoint's generator (its sampling weights: the moving average when there
    /// is one) as an ONNX model to `url`, atomically (see `FoldedGenerator.onnxModel`). The
    /// metadata carries `format` ("acgan-studio-onnx-generator"), `configuration` and
    /// `vocabulary` as in a generator file, this checkpoint's notes, and `inputs`/`output`,
    /// which say how to feed the model and read its images.
    public func writeONNX(to url: URL) throws {
        let folded = FoldedGenerator(folding: try samplingGenerator())
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var metadata = notes
        metadata["format"] = "acgan-studio-onnx-generator"
        metadata["configuration"] = String(decoding: try encoder.encode(configuration), as: UTF8.self)
        metadata["vocabulary"] = String(decoding: try vocabulary.jsonData(), as: UTF8.self)
        var continuousInputs = ""
        if !vocabulary.continuous.isEmpty {
            // The continuous values ride in the condition input (its last entries), scaled.
            continuousInputs = "; its last \(vocabulary.continuous.count) entries are the continuous attributes "
                + vocabulary.continuous.map(\.rangeDescription).joined(separator: ", ")
                + ", each value v scaled to 2 (v - min) / (max - min) - 1"
        }
        metadata["inputs"] = "z: (N, \(configuration.latentSize)) standard normal noise; condition: (N, "
            + "\(configuration.conditionLength)) the tags as the vocabulary lays them out (acgan generate "
            + "writes each face's condition to samples.json with --separate)" + continuousInputs
        metadata["output"] = "image: (N, 3, \(configuration.imageSize), \(configuration.imageSize)) RGB in [-1, 1]; "
            + "pixel = round((image + 1) / 2 * 255)"
        let bytes: Data
        do { bytes = try folded.onnxModel(metadata: metadata) } catch {
            throw CheckpointError.writeFailed(path: url.path, reason: "the ONNX model cannot be encoded: \(error)")
        }
        try Self.writeAtomically(bytes, to: url, midway: {})
    }
}
