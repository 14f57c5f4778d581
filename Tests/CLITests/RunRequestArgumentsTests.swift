@testable import acgan
import ACGAN
import Foundation
import Studio
import Testing

/// The studio starts a run as `acgan train` with `RunRequest.trainArguments`: those arguments,
/// parsed by `acgan train` itself, must mean the options the request was checked as, field by
/// field, whatever is set.
@Suite struct RunRequestArgumentsTests {
    /// The options `acgan train` makes of the request's arguments, for a data set of `length` entries.
    static func trainOptions(_ request: RunRequest, conditionLength length: Int) throws -> (TrainingOptions, TrainingOptions) {
        var checked = try request.validatedOptions()
        checked.model.conditionLength = length
        let root = try Sandbox.make()
        defer { try? FileManager.default.removeItem(at: root) }
        let arguments = ["train", "--data", "@empty", "--out", "@run"] + request.trainArguments(checked)
        let command = try #require(try CommandParsingTests.parse(arguments, in: root) as? TrainCommand)
        return (command.requestedOptions(conditionLength: length), checked)
    }

    @Test func theDefaultsMeanAcganTrainsDefaults() throws {
        let (parsed, checked) = try Self.trainOptions(RunRequest(dataset: "synth"), conditionLength: 7)
        #expect(parsed == checked)
        #expect(checked.model.projection && checked.infoCodes == 0 && checked.icnr && checked.step.classLossOnFake)
    }

    @Test func everyFieldSetReachesAcganTrain() throws {
        var request = RunRequest(dataset: "synth")
        request.modelSize = "small"
        request.iterations = 1234
        request.seed = 9
        request.zSize = 64
        request.gBlocks = 3
        request.gWidth = 24
        request.dWidth = 20
        request.spectralNorm = true
        request.upsampling = "pixel-shuffle"
        request.projection = false
        request.batch = 16
        request.gLr = 1e-4
        request.dLr = 3e-4
        request.beta1 = 0.4
        request.beta2 = 0.99
        request.dSteps = 2
        request.classWeight = 0.5
        request.binaryTags = "pooled"
        request.continuousLoss = "mse"
        request.infoCodes = 3
        request.infoWeight = 0.25
        request.icnr = false
        request.classLossOnFake = false
        request.penalty = "r1"
        request.penaltyWeight = 5
        request.ema = 0.99
        request.flip = false
        request.sampleEvery = 7
        request.checkpointEvery = 11
        request.logEvery = 3
        let (parsed, checked) = try Self.trainOptions(request, conditionLength: 12)
        #expect(parsed == checked)
        // Each field moved its option off the default (else the equality above proves nothing of it).
        let defaults = try RunRequest(dataset: "synth").validatedOptions()
        #expect(!checked.model.projection && defaults.model.projection)
        #expect(checked.step.binaryTagWeighting == .pooled && defaults.step.binaryTagWeighting == .perTag)
        #expect(checked.step.continuousLoss == .squaredError && defaults.step.continuousLoss == .gaussian)
        #expect(checked.infoCodes == 3 && checked.step.infoWeight == 0.25 && defaults.step.infoWeight == 1)
        #expect(!checked.icnr && !checked.step.classLossOnFake && !checked.horizontalFlip)
        #expect(checked.model.upsampling == .pixelShuffle && checked.model.spectralNorm && checked.model.latentSize == 64)
        #expect(checked.step.penalty == .r1 && checked.step.penaltyWeight == 5 && checked.discriminatorSteps == 2)
    }

    @Test func badChoicesNameTheFieldAndTheValues() throws {
        for (field, set) in [("binary_tags", { (r: inout RunRequest) in r.binaryTags = "each" }),
                             ("continuous_loss", { (r: inout RunRequest) in r.continuousLoss = "l1" }),
                             ("penalty", { (r: inout RunRequest) in r.penalty = "wgan" }),
                             ("upsampling", { (r: inout RunRequest) in r.upsampling = "bilinear" })] {
            var request = RunRequest(dataset: "synth")
            set(&request)
            #expect {
                try request.validatedOptions()
            } throws: { error in
                let text = "\(error)"
                return text.contains(field) && text.contains("one of")
            }
        }
        var tooMany = RunRequest(dataset: "synth")
        tooMany.infoCodes = TrainingOptions.largestInfoCodeCount + 1
        #expect { try tooMany.validatedOptions() } throws: { "\($0)".contains("info_codes") }
        var negative = RunRequest(dataset: "synth")
        negative.infoWeight = -1
        #expect { try negative.validatedOptions() } throws: { "\($0)".contains("info_weight") }
    }
}
