import Graphics

/// The colour of the avatars' palettes: Graphics' `Color`, an sRGB colour with components in
/// [0, 1] that mixes, darkens and lightens, under the name the avatar code has always used.
public typealias AvatarColor = Color
