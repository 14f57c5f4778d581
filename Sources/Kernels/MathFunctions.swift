#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// The C math library's single-precision functions, under names that do not clash with the
// `Float` methods and the enum cases of this module.
@inline(__always) func libmExp(_ x: Float) -> Float { expf(x) }
@inline(__always) func libmLog(_ x: Float) -> Float { logf(x) }
@inline(__always) func libmTanh(_ x: Float) -> Float { tanhf(x) }
@inline(__always) func libmLog1p(_ x: Float) -> Float { log1pf(x) }
@inline(__always) func libmLogDouble(_ x: Double) -> Double { log(x) }
