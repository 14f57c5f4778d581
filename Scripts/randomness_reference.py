#!/usr/bin/env python3
"""Independent reference for Sources/Randomness: prints the values that
Tests/RandomnessTests/RandomnessGoldenTests.swift pins (SplitMix64 and xoshiro256**), written
from the published algorithms with Python integers, so a change to either generator, which
would change every seed, share link and bundled-model face, fails a test.

Usage: python3 Scripts/randomness_reference.py
"""
import math

M = (1 << 64) - 1
GOLDEN = 0x9E3779B97F4A7C15


def mix(z):
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M
    return z ^ (z >> 31)


class SplitMix64:
    def __init__(self, state):
        self.state = state & M

    @classmethod
    def indexed(cls, seed, index):
        mixer = cls(seed ^ 0x6A09E667F3BCC909)
        base = mixer.next()
        return cls(mix((base + index * 0xD1B54A32D192ED03) & M))

    @classmethod
    def stream(cls, seed, stream):
        g = cls(seed ^ ((stream * 0xD1B54A32D192ED03) & M))
        g.next()
        return g

    def next(self):
        self.state = (self.state + GOLDEN) & M
        return mix(self.state)

    def unit(self):
        return (self.next() >> 11) * 2.0 ** -53

    def normal(self):
        r = math.sqrt(-2 * math.log(1 - self.unit()))
        return r * math.cos(2 * math.pi * self.unit())


def rotl(x, k):
    return ((x << k) | (x >> (64 - k))) & M


class Xoshiro256StarStar:
    def __init__(self, seed):
        s = seed & M
        self.s = []
        for _ in range(4):
            s = (s + GOLDEN) & M
            self.s.append(mix(s))

    def next(self):
        s = self.s
        result = (rotl((s[1] * 5) & M, 7) * 9) & M
        t = (s[1] << 17) & M
        s[2] ^= s[0]
        s[3] ^= s[1]
        s[1] ^= s[2]
        s[0] ^= s[3]
        s[2] ^= t
        s[3] = rotl(s[3], 45)
        return result

    def uniform(self):
        return (self.next() >> 40) * 2.0 ** -24

    def normal(self):
        u1 = ((self.next() >> 11) + 1) * 2.0 ** -53
        u2 = (self.next() >> 11) * 2.0 ** -53
        return math.sqrt(-2 * math.log(u1)) * math.cos(2 * math.pi * u2)


def hexes(values):
    return ", ".join("0x%016X" % v for v in values)


g = SplitMix64(12345)
print("SplitMix64(seed: 12345).next() x4:", hexes([g.next() for _ in range(4)]))
g = SplitMix64.indexed(7, 3)
print("SplitMix64(seed: 7, index: 3).next() x3:", hexes([g.next() for _ in range(3)]))
g = SplitMix64.stream(7, 2)
print("SplitMix64(seed: 7, stream: 2).next() x3:", hexes([g.next() for _ in range(3)]))
g = SplitMix64(99)
print("SplitMix64(seed: 99).nextStandardNormal() x3:", [repr(g.normal()) for _ in range(3)])
x = Xoshiro256StarStar(42)
print("RandomGenerator(seed: 42).state:", hexes(x.s))
print("RandomGenerator(seed: 42).next() x4:", hexes([x.next() for _ in range(4)]))
x = Xoshiro256StarStar(7)
print("RandomGenerator(seed: 7).nextUniform() x3:", [repr(x.uniform()) for _ in range(3)])
x = Xoshiro256StarStar(7)
# Swift converts the Double to Float; print the float32 value.
import struct
f32 = lambda v: struct.unpack("f", struct.pack("f", v))[0]
print("RandomGenerator(seed: 7).nextNormal() x3 (Float):", [repr(f32(x.normal())) for _ in range(3)])
