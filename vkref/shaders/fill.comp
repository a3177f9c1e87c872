#version 450
// fill: dst[0, bytes) = a 32-bit pattern repeated (little-endian).  128-bit
// stores in a grid-stride loop over the whole 16-byte blocks; invocation 0
// then writes the remaining whole words and merges the last partial word,
// leaving the bytes beyond `bytes` untouched.  The buffer is bound with its
// size rounded up to 16 bytes; the uvec4 and uint views alias one binding.
layout(local_size_x = 256) in;
layout(std430, set = 0, binding = 0) writeonly buffer Dst4 { uvec4 dst4[]; };
layout(std430, set = 0, binding = 0) buffer Dst1 { uint dst1[]; };
layout(push_constant) uniform Push { uint bytes, pattern; } pc;

void main()
{
    const uint n16 = pc.bytes / 16;
    const uint stride = gl_NumWorkGroups.x * 256;
    for (uint i = gl_GlobalInvocationID.x; i < n16; i += stride)
        dst4[i] = uvec4(pc.pattern);
    if (gl_GlobalInvocationID.x == 0) {
        uint w = n16 * 4;
        for (; w < pc.bytes / 4; w++)
            dst1[w] = pc.pattern;
        uint tail = pc.bytes % 4;
        if (tail != 0) {
            uint mask = (1u << (8 * tail)) - 1;
            dst1[w] = (dst1[w] & ~mask) | (pc.pattern & mask);
        }
    }
}
