#version 450
// attention_f16, 16-bit variant: fp16 pairs loaded, kept in shared memory
// and stored as f16vec2 (16-bit storage, shaderFloat16); fp32 arithmetic.
// Algorithm in attention.glsl.
#extension GL_EXT_shader_16bit_storage : require
#extension GL_EXT_shader_explicit_arithmetic_types_float16 : require
layout(std430, set = 0, binding = 0) readonly buffer BufQ { f16vec2 buf_q[]; };
layout(std430, set = 0, binding = 1) readonly buffer BufK { f16vec2 buf_k[]; };
layout(std430, set = 0, binding = 2) readonly buffer BufV { f16vec2 buf_v[]; };
layout(std430, set = 0, binding = 3) writeonly buffer BufO { f16vec2 buf_o[]; };
layout(std430, set = 0, binding = 4) writeonly buffer BufL { float buf_lse[]; };
#define PAIR_T f16vec2
#define PAIR_F(p) vec2(p)
#define PAIR_STORE(v) f16vec2(v)
#include "attention.glsl"
