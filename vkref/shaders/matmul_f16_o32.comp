#version 450
// matmul_f16, fp32 output, 16-bit variant: fp16 loads (16-bit storage) into
// fp16 shared tiles (shaderFloat16), fp32 FMAs.  Algorithm in matmul.glsl.
#extension GL_EXT_shader_16bit_storage : require
#extension GL_EXT_shader_explicit_arithmetic_types_float16 : require
layout(std430, set = 0, binding = 0) readonly buffer BufA { float16_t buf_a[]; };
layout(std430, set = 0, binding = 1) readonly buffer BufB { float16_t buf_b[]; };
layout(std430, set = 0, binding = 2) writeonly buffer BufC { float buf_c[]; };
#define TILE_T float16_t
#define TILE_V4 f16vec4
#define LOAD_A(i) buf_a[i]
#define LOAD_B(i) buf_b[i]
#define STORE_C(i, v) buf_c[i] = (v)
#include "matmul.glsl"
