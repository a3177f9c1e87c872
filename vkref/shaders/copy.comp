#version 450
// copy: dst[0, bytes) = src[0, bytes).  128-bit accesses in a grid-stride
// loop over the whole 16-byte blocks; invocation 0 then copies the
// remaining whole words and merges the last partial word, leaving the
// destination's bytes beyond `bytes` untouched.  Both buffers are bound
// with their size rounded up to 16 bytes; the uvec4 and uint views alias
// one binding.
layout(local_size_x = 256) in;
layout(std430, set = 0, binding = 0) readonly buffer Src4 { uvec4 src4[]; };
layout(std430, set = 0, binding = 0) readonly buffer Src1 { uint src1[]; };
layout(std430, set = 0, binding = 1) writeonly buffer Dst4 { uvec4 dst4[]; };
layout(std430, set = 0, binding = 1) buffer Dst1 { uint dst1[]; };
layout(push_constant) uniform Push { uint bytes; } pc;

void main()
{
    const uint n16 = pc.bytes / 16;
    const uint stride = gl_NumWorkGroups.x * 256;
    for (uint i = gl_GlobalInvocationID.x; i < n16; i += stride)
        dst4[i] = src4[i];
    if (gl_GlobalInvocationID.x == 0) {
        uint w = n16 * 4;
        for (; w < pc.bytes / 4; w++)
            dst1[w] = src1[w];
        uint tail = pc.bytes % 4;
        if (tail != 0) {
            uint mask = (1u << (8 * tail)) - 1;
            dst1[w] = (dst1[w] & ~mask) | (src1[w] & mask);
        }
    }
}
