import Imaging
enum LossPlot {
    static func render(records: [(Int, [String: Double])]) -> RGBImage { RGBImage(width: 2, height: 2, fill: .white) }
}
