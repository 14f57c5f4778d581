// swift-tools-version:6.0
// The targets are listed bottom-up, in the order of ../shared/design/ARCHITECTURE.md:
// reading this file top to bottom is reading the architecture.
import PackageDescription

/// Kernels and the layers above them are numeric code: always optimise them, even in debug
/// builds, so that `swift test` in debug is not 50-100x slower than it needs to be.
let numericSettings: [SwiftSetting] = [.unsafeFlags(["-O"])]

let package = Package(
    name: "ACGANStudio",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "acgan", targets: ["acgan"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.0.0"),
        // Already in Hummingbird's graph; Studio names custom header fields (X-Seed) with it.
        .package(url: "https://github.com/apple/swift-http-types", from: "1.0.0"),
    ],
    targets: [
        // C libraries from Debian, through system-library targets.
        .systemLibrary(name: "CBLAS", path: "Sources/CBLAS", pkgConfig: "openblas",
                       providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(name: "CLAPACK", path: "Sources/CLAPACK", pkgConfig: "lapacke",
                       providers: [.apt(["liblapacke-dev"])]),
        .systemLibrary(name: "CPNG", path: "Sources/CPNG", pkgConfig: "libpng",
                       providers: [.apt(["libpng-dev"])]),
        .systemLibrary(name: "CJPEG", path: "Sources/CJPEG", pkgConfig: "libturbojpeg",
                       providers: [.apt(["libturbojpeg0-dev"])]),
        .systemLibrary(name: "CCairo", path: "Sources/CCairo", pkgConfig: "cairo",
                       providers: [.apt(["libcairo2-dev"])]),
        // oneDNN ships no pkg-config file; its headers and library are on the default paths.
        .systemLibrary(name: "CDNNL", path: "Sources/CDNNL", providers: [.apt(["libdnnl-dev"])]),
        // OpenMPI, for data-parallel training on many processes and machines.
        .systemLibrary(name: "CMPI", path: "Sources/CMPI", pkgConfig: "ompi-c",
                       providers: [.apt(["libopenmpi-dev"])]),
        // Header only: the FMA loops that measure a core's multiply-add peak (Kernels.FMAPeak).
        .systemLibrary(name: "CFMAPeak", path: "Sources/CFMAPeak"),

        // One seeded random-number module for everything above it.
        .target(name: "Randomness", swiftSettings: numericSettings),

        // Numerical core.
        .target(name: "Kernels", dependencies: ["CBLAS", "CDNNL", "CFMAPeak"], swiftSettings: numericSettings),
        .target(name: "Tensors", dependencies: ["Kernels", "Randomness"], swiftSettings: numericSettings),
        // The safetensors weights format: bytes, dtypes, shapes, metadata; knows no tensors.
        .target(name: "SafeTensors", swiftSettings: numericSettings),
        .target(name: "NeuralNetwork", dependencies: ["Tensors", "SafeTensors"],
                swiftSettings: numericSettings),
        .target(name: "Optimizers", dependencies: ["NeuralNetwork", "Tensors"],
                swiftSettings: numericSettings),
        // MPI collectives on flat buffers; knows no tensors.
        .target(name: "Distributed", dependencies: ["CMPI"]),

        // Images and data.
        .target(name: "Imaging", dependencies: ["CPNG", "CJPEG"], swiftSettings: numericSettings),
        // The one cairo canvas, plots, and the figures and HTML/CSS of report pages.
        .target(name: "Graphics", dependencies: ["Imaging", "CCairo"], swiftSettings: numericSettings),
        .target(name: "AnimeData", dependencies: ["Imaging", "Graphics", "Randomness"],
                swiftSettings: numericSettings),

        // The product.
        .target(name: "ACGAN", dependencies: ["NeuralNetwork", "Optimizers", "AnimeData", "Graphics",
                                             "SafeTensors", "Randomness", "Distributed"],
                swiftSettings: numericSettings),
        .target(name: "Evaluation", dependencies: ["ACGAN", "Graphics", "CBLAS", "CLAPACK"],
                swiftSettings: numericSettings),
        .target(name: "Studio", dependencies: [
            "ACGAN",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
        ], resources: [
            // The page's files, compiled into the binary (PageAssets).
            .embedInCode("Assets/index.html"), .embedInCode("Assets/app.js"),
            .embedInCode("Assets/app.css"), .embedInCode("Assets/favicon.svg"),
        ]),
        // Testable in every configuration, so that `make test` (a release build) can parse the
        // commands in-process (`@testable import acgan`); only this thin module, not the numeric ones.
        .executableTarget(name: "acgan", dependencies: [
            "ACGAN", "Evaluation", "Studio", "Distributed",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ], swiftSettings: [.unsafeFlags(["-enable-testing"])]),

        // Tests mirror the sources.
        .testTarget(name: "RandomnessTests", dependencies: ["Randomness"]),
        .testTarget(name: "KernelsTests", dependencies: ["Kernels"]),
        .testTarget(name: "TensorsTests", dependencies: ["Tensors"]),
        .testTarget(name: "SafeTensorsTests", dependencies: ["SafeTensors"]),
        .testTarget(name: "NeuralNetworkTests", dependencies: ["NeuralNetwork"],
                    resources: [.copy("Fixtures")]),
        .testTarget(name: "OptimizersTests", dependencies: ["Optimizers"]),
        .testTarget(name: "ImagingTests", dependencies: ["Imaging"]),
        .testTarget(name: "GraphicsTests", dependencies: ["Graphics", "Imaging"]),
        .testTarget(name: "AnimeDataTests", dependencies: ["AnimeData"]),
        .testTarget(name: "ACGANTests", dependencies: ["ACGAN", "Graphics"], resources: [.copy("Fixtures")]),
        .testTarget(name: "EvaluationTests", dependencies: ["Evaluation", "Graphics"],
                    resources: [.copy("Fixtures")]),
        .testTarget(name: "StudioTests", dependencies: [
            "Studio",
            .product(name: "HummingbirdTesting", package: "hummingbird"),
        ]),
        .testTarget(name: "CLITests", dependencies: ["acgan", "AnimeData", "Imaging"]),
    ]
)
