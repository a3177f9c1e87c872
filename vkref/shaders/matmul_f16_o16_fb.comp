#version 450
// matmul_f16, fp16 output, fallback without 16-bit storage or arithmetic:
// fp16 pairs read as 32-bit words; each fp16 result is written into its
// half of a word with atomicAnd/atomicOr, since the other half may belong
// to another invocation or workgroup (N odd, tile edges).  Algorithm in
// matmul.glsl.
layout(std430, set = 0, binding = 0) readonly buffer BufA { uint buf_a[]; };
layout(std430, set = 0, binding = 1) readonly buffer BufB { uint buf_b[]; };
layout(std430, set = 0, binding = 2) buffer BufC { uint buf_c[]; };
#include "f16_words.glsl"

void store_half(uint i, float v)
{
    uint shift = (i & 1) * 16;
    atomicAnd(buf_c[i >> 1], ~(0xffffu << shift));
    atomicOr(buf_c[i >> 1], (packHalf2x16(vec2(v, 0.0)) & 0xffffu) << shift);
}

#define TILE_T float
#define TILE_V4 vec4
#define LOAD_A(i) f16_word_load(buf_a[(i) >> 1], (i))
#define LOAD_B(i) f16_word_load(buf_b[(i) >> 1], (i))
#define STORE_C(i, v) store_half((i), (v))
#include "matmul.glsl"
