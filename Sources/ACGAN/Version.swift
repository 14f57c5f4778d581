/// The version of ACGAN Studio, printed by `acgan --version` and written into checkpoints.
public let acganStudioVersion = "0.1.0"
