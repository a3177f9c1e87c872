#version 450
// matmul_f32: fp32 A, B, C.  Algorithm in matmul.glsl.
layout(std430, set = 0, binding = 0) readonly buffer BufA { float buf_a[]; };
layout(std430, set = 0, binding = 1) readonly buffer BufB { float buf_b[]; };
layout(std430, set = 0, binding = 2) writeonly buffer BufC { float buf_c[]; };
#define TILE_T float
#define TILE_V4 vec4
#define LOAD_A(i) buf_a[i]
#define LOAD_B(i) buf_b[i]
#define STORE_C(i, v) buf_c[i] = (v)
#include "matmul.glsl"
