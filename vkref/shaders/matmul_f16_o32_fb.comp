#version 450
// matmul_f16, fp32 output, fallback without 16-bit storage or arithmetic:
// fp16 pairs read as 32-bit words and unpacked to fp32 tiles.  Algorithm in
// matmul.glsl.
layout(std430, set = 0, binding = 0) readonly buffer BufA { uint buf_a[]; };
layout(std430, set = 0, binding = 1) readonly buffer BufB { uint buf_b[]; };
layout(std430, set = 0, binding = 2) writeonly buffer BufC { float buf_c[]; };
#include "f16_words.glsl"
#define TILE_T float
#define TILE_V4 vec4
#define LOAD_A(i) f16_word_load(buf_a[(i) >> 1], (i))
#define LOAD_B(i) f16_word_load(buf_b[(i) >> 1], (i))
#define STORE_C(i, v) buf_c[i] = (v)
#include "matmul.glsl"
