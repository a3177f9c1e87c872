// kernels/memory.s — the bandwidth kernels, one macro for both:
//   copy: dst[i] = src[i] for any byte count;
//   fill: a 32-bit pattern repeated little-endian over any byte count (the
//         last copy cut short).
//
// Tile scheme.  A workgroup of 256 work-items (8 waves) moves one 16 KiB
// chunk per trip: four rounds of global_load_b128 / global_store_b128, each
// round 4 KiB contiguous over the workgroup (512 bytes per wave, 16 per
// lane), so every access instruction covers whole 128-byte lines.  Chunk c
// is done by workgroup c % groups (`groups`, the grid size, is a kernel
// argument kern_plan chooses): a grid-stride loop.  The bytes past the last
// whole chunk (the tail, < 16 KiB) are done by the one workgroup whose walk
// stops exactly at the tail (the one that would take the next chunk):
// whole 16-byte granules with masked b128 accesses, then the last
// bytes % 16 one byte per lane.  The tail starts at a multiple of 16, so
// fill's byte i there is byte i % 4 of the pattern.
//
// Alignment: buffers 16-byte aligned (kern_plan checks; runtime buffers are
// 256-byte aligned); the byte count need not be.
//
// Register map.
//   s[0:1]  kernarg pointer (s2..s14: UserSGPRInit16Bug padding, see
//           empty.s); s15 workgroup id
//   s[P:P+1] the walking pointer: src (copy) or dst (fill) of this
//            workgroup's chunk; copy: s[Q:Q+1] its dst
//   s[BYTES:BYTES+1] byte count, then the tail length (low word)
//   s[12:13] walk end: P's buffer + whole chunks (the tail start);
//   copy: s[16:17] dst tail start    s[18:19] stride = groups · 16 KiB
//   s[20:21] scratch
//   v0..v3  lane offsets of the four rounds (lane·16 + round·4096)
//   v[4:19] copy: the four 16-byte values in flight; fill: v[4:7] the pattern
//   v20     work-item id   v21 tail offsets   v22 fill: pattern byte shift
//
// Loop structure.
//   loop: while P < end: (copy: 4 loads, s_waitcnt vmcnt(0),) 4 stores,
//         advance by the stride
//   tail: only the workgroup with P == end.
.amdgcn_target "amdgcn-amd-amdhsa--gfx1100"

.set CHUNK_LOG2, 14                 // 16 KiB = 256 lanes · 4 rounds · 16 B
.set ROUND_BYTES, 4096              // 256 lanes · 16 B

.macro mem_kernel name, copy
.if \copy
    .set P, 4                       // kernargs: src, dst, bytes, groups
    .set Q, 6
    .set BYTES, 8
    .set GROUPS, 10
    .set KARG_BYTES, 32
    .set NVGPR, 22
.else
    .set P, 4                       // kernargs: dst, bytes, pattern, groups
    .set BYTES, 6
    .set PATTERN, 8
    .set GROUPS, 9
    .set KARG_BYTES, 24
    .set NVGPR, 23                  // v22: the pattern byte's shift
.endif
.text
.globl \name
.p2align 8
.type \name,@function
\name:
    s_load_b128 s[4:7], s[0:1], 0x0
    s_load_b64 s[8:9], s[0:1], 0x10
.if \copy
    s_load_b32 s10, s[0:1], 0x18
.endif
    v_mov_b32 v20, v0                       // work-item id (v0 is reused)
    v_lshlrev_b32 v0, 4, v0                 // lane offsets of the four rounds
    v_add_nc_u32 v1, ROUND_BYTES, v0
    v_add_nc_u32 v2, 2 * ROUND_BYTES, v0
    v_add_nc_u32 v3, 3 * ROUND_BYTES, v0
    s_waitcnt lgkmcnt(0)
.if !\copy
    v_mov_b32 v4, s[PATTERN]
    v_mov_b32 v5, s[PATTERN]
    v_mov_b32 v6, s[PATTERN]
    v_mov_b32 v7, s[PATTERN]
.endif
    // end = P + (bytes & ~(chunk - 1)); copy: dst tail start likewise
    s_and_b32 s20, s[BYTES], ~((1 << CHUNK_LOG2) - 1)
    s_add_u32 s12, s[P], s20
    s_addc_u32 s13, s[P + 1], s[BYTES + 1]
.if \copy
    s_add_u32 s16, s[Q], s20
    s_addc_u32 s17, s[Q + 1], s[BYTES + 1]
.endif
    s_and_b32 s[BYTES], s[BYTES], (1 << CHUNK_LOG2) - 1     // tail bytes (< 16 KiB)
    // this workgroup's first chunk: wg << 14, 64-bit
    s_lshl_b32 s20, s15, CHUNK_LOG2
    s_lshr_b32 s21, s15, 32 - CHUNK_LOG2
    s_add_u32 s[P], s[P], s20
    s_addc_u32 s[P + 1], s[P + 1], s21
.if \copy
    s_add_u32 s[Q], s[Q], s20
    s_addc_u32 s[Q + 1], s[Q + 1], s21
.endif
    s_lshl_b32 s18, s[GROUPS], CHUNK_LOG2   // stride = groups << 14
    s_lshr_b32 s19, s[GROUPS], 32 - CHUNK_LOG2
.Lloop_\name:
    s_sub_u32 s20, s[P], s12                // SCC = borrow = (P < end)
    s_subb_u32 s21, s[P + 1], s13
    s_cbranch_scc0 .Lloop_end_\name
.if \copy
    global_load_b128 v[4:7], v0, s[P:P + 1]
    global_load_b128 v[8:11], v1, s[P:P + 1]
    global_load_b128 v[12:15], v2, s[P:P + 1]
    global_load_b128 v[16:19], v3, s[P:P + 1]
    s_add_u32 s[P], s[P], s18
    s_addc_u32 s[P + 1], s[P + 1], s19
    s_waitcnt vmcnt(0)
    global_store_b128 v0, v[4:7], s[Q:Q + 1]
    global_store_b128 v1, v[8:11], s[Q:Q + 1]
    global_store_b128 v2, v[12:15], s[Q:Q + 1]
    global_store_b128 v3, v[16:19], s[Q:Q + 1]
    s_add_u32 s[Q], s[Q], s18
    s_addc_u32 s[Q + 1], s[Q + 1], s19
.else
    global_store_b128 v0, v[4:7], s[P:P + 1]
    global_store_b128 v1, v[4:7], s[P:P + 1]
    global_store_b128 v2, v[4:7], s[P:P + 1]
    global_store_b128 v3, v[4:7], s[P:P + 1]
    s_add_u32 s[P], s[P], s18
    s_addc_u32 s[P + 1], s[P + 1], s19
.endif
    s_branch .Lloop_\name
.Lloop_end_\name:
    // The tail belongs to the workgroup that stopped exactly at end.
    s_cmp_eq_u64 s[P:P + 1], s[12:13]
    s_cbranch_scc0 .Ldone_\name
    // Whole granules: granule g = round·256 + lane, 16 bytes each.
    s_lshr_b32 s20, s[BYTES], 4             // whole granules in the tail
    s_mov_b32 s21, exec_lo
    .irp r, 0, 1, 2, 3
    s_mov_b32 exec_lo, s21
    v_add_nc_u32 v21, \r * 256, v20
    v_cmp_gt_u32 vcc_lo, s20, v21
    s_and_b32 exec_lo, s21, vcc_lo
    s_cbranch_execz .Lgranules_done_\name
.if \copy
    global_load_b128 v[4:7], v\r, s[12:13]
    s_waitcnt vmcnt(0)
    global_store_b128 v\r, v[4:7], s[16:17]
.else
    global_store_b128 v\r, v[4:7], s[12:13]
.endif
    .endr
.Lgranules_done_\name:
    // Last bytes: lane i < bytes % 16 does byte (tail & ~15) + i.
    s_mov_b32 exec_lo, s21
    s_and_b32 s20, s[BYTES], 15
    v_cmp_gt_u32 vcc_lo, s20, v20
    s_and_b32 s[BYTES], s[BYTES], ~15
    v_add_nc_u32 v21, s[BYTES], v20
.if !\copy
    v_and_b32 v22, 3, v20
    v_lshlrev_b32 v22, 3, v22
    v_lshrrev_b32 v4, v22, s[PATTERN]       // pattern byte i % 4
.endif
    s_and_b32 exec_lo, s21, vcc_lo
    s_cbranch_execz .Ldone_\name
.if \copy
    global_load_u8 v4, v21, s[12:13]
    s_waitcnt vmcnt(0)
    global_store_b8 v21, v4, s[16:17]
.else
    global_store_b8 v21, v4, s[12:13]
.endif
.Ldone_\name:
    s_endpgm
.size \name, .-\name

.rodata
.p2align 6
.amdhsa_kernel \name
    .amdhsa_user_sgpr_kernarg_segment_ptr 1
    .amdhsa_user_sgpr_count 15
    .amdhsa_system_sgpr_workgroup_id_x 1
    .amdhsa_next_free_vgpr NVGPR
    .amdhsa_next_free_sgpr 22
    .amdhsa_kernarg_size KARG_BYTES
    .amdhsa_group_segment_fixed_size 0
    .amdhsa_private_segment_fixed_size 0
.end_amdhsa_kernel
.endm

    mem_kernel copy, 1
    mem_kernel fill, 0

.amdgpu_metadata
---
amdhsa.version: [ 1, 2 ]
amdhsa.target: amdgcn-amd-amdhsa--gfx1100
amdhsa.kernels:
  - .name: copy
    .symbol: copy.kd
    .kernarg_segment_size: 32
    .kernarg_segment_align: 8
    .group_segment_fixed_size: 0
    .private_segment_fixed_size: 0
    .wavefront_size: 32
    .sgpr_count: 24
    .vgpr_count: 22
    .max_flat_workgroup_size: 256
    .args:
      - { .name: src, .offset: 0, .size: 8, .value_kind: global_buffer, .address_space: global }
      - { .name: dst, .offset: 8, .size: 8, .value_kind: global_buffer, .address_space: global }
      - { .name: bytes, .offset: 16, .size: 8, .value_kind: by_value }
      - { .name: groups, .offset: 24, .size: 4, .value_kind: by_value }
  - .name: fill
    .symbol: fill.kd
    .kernarg_segment_size: 24
    .kernarg_segment_align: 8
    .group_segment_fixed_size: 0
    .private_segment_fixed_size: 0
    .wavefront_size: 32
    .sgpr_count: 24
    .vgpr_count: 23
    .max_flat_workgroup_size: 256
    .args:
      - { .name: dst, .offset: 0, .size: 8, .value_kind: global_buffer, .address_space: global }
      - { .name: bytes, .offset: 8, .size: 8, .value_kind: by_value }
      - { .name: pattern, .offset: 16, .size: 4, .value_kind: by_value }
      - { .name: groups, .offset: 20, .size: 4, .value_kind: by_value }
...
.end_amdgpu_metadata
