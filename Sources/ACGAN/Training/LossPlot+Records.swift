import Foundation

extension LossPlot.Record {
    /// Records from JSON Lines such as `metrics.jsonl`: one object per line with an integer
    /// `"iteration"` and numbers under other keys. Other fields (strings, booleans, arrays)
    /// are ignored, and so are lines that are not such objects (a line cut short by a killed
    /// run, a blank line), so a log that is being appended to always plots.
    /// JSON has no NaN: a loss written as `null` or as a string such as "nan" is just absent.
    public static func records(fromJSONLines data: Data) -> [LossPlot.Record] {
        let decoder = JSONDecoder()
        var records: [LossPlot.Record] = []
        for line in data.split(separator: UInt8(ascii: "\n")) where !line.isEmpty {
            guard let object = try? decoder.decode([String: NumberOrOther].self, from: Data(line)) else { continue }
            var values: [String: Double] = [:]
            for (key, field) in object { if case .number(let number) = field { values[key] = number } }
            guard let iteration = values.removeValue(forKey: "iteration"), iteration.rounded() == iteration,
                  abs(iteration) < 1e15 else { continue }
            records.append(LossPlot.Record(iteration: Int(iteration), values: values))
        }
        return records
    }

    /// A JSON value that is a number, or anything else.
    private enum NumberOrOther: Decodable {
        case number(Double)
        case other

        init(from decoder: Decoder) throws {
            // JSONDecoder does not turn true/false into numbers, so booleans are `other`.
            self = (try? decoder.singleValueContainer().decode(Double.self)).map(NumberOrOther.number) ?? .other
        }
    }
}
