#version 450
// attention_f16, fallback without 16-bit storage or arithmetic: fp16 pairs
// as 32-bit words, packHalf2x16 / unpackHalf2x16, fp32 arithmetic.
// Algorithm in attention.glsl.
layout(std430, set = 0, binding = 0) readonly buffer BufQ { uint buf_q[]; };
layout(std430, set = 0, binding = 1) readonly buffer BufK { uint buf_k[]; };
layout(std430, set = 0, binding = 2) readonly buffer BufV { uint buf_v[]; };
layout(std430, set = 0, binding = 3) writeonly buffer BufO { uint buf_o[]; };
layout(std430, set = 0, binding = 4) writeonly buffer BufL { float buf_lse[]; };
#define PAIR_T uint
#define PAIR_F(p) unpackHalf2x16(p)
#define PAIR_STORE(v) packHalf2x16(v)
#include "attention.glsl"
