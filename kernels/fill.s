// kernels/fill.s — `fill`: a 32-bit pattern repeated little-endian over any
// byte count (the last copy cut short), a bandwidth kernel with 128-bit
// stores and a grid-stride loop.
//
// Tile scheme: as copy.s.  A workgroup of 256 work-items stores one 16 KiB
// chunk per trip, four rounds of global_store_b128 each 4 KiB contiguous
// over the workgroup; chunk c is done by workgroup c % groups.  The tail
// (< 16 KiB) is done by the workgroup that would take the next chunk: whole
// 16-byte granules with masked b128 stores, then the last bytes % 16 bytes
// one byte per lane.  The tail starts at a multiple of 16, so its byte i is
// byte i % 4 of the pattern.
//
// Alignment: dst must be 16-byte aligned (kern_plan checks).
//
// Register map.
//   s[0:1]  kernarg pointer (s2..s14 UserSGPRInit16Bug padding, see
//           empty.s); s15 workgroup id
//   s[4:5]  dst of this workgroup's current chunk   s[6:7] byte count
//   s8      pattern   s9 groups -> tail length
//   s[12:13] dst + whole chunks (loop end, tail start)
//   s[18:19] stride = groups * 16 KiB   s[20:21] scratch
//   v0..v3  per-lane offsets of the four rounds (lane*16 + round*4096)
//   v[4:7]  the pattern, four times
//   v20     work-item id, later tail offsets
//
// Loop structure.
//   loop: while dst_cur < end: 4 stores, dst_cur += stride
//   tail: only the workgroup whose dst_cur stopped exactly at end.
.amdgcn_target "amdgcn-amd-amdhsa--gfx1100"

.set CHUNK_LOG2, 14
.set ROUND_BYTES, 4096

.text
.globl fill
.p2align 8
.type fill,@function
fill:
    s_load_b128 s[4:7], s[0:1], 0x0         // dst, bytes
    s_load_b64 s[8:9], s[0:1], 0x10         // pattern, groups
    v_mov_b32 v20, v0
    v_lshlrev_b32 v0, 4, v0
    v_add_nc_u32 v1, ROUND_BYTES, v0
    v_add_nc_u32 v2, 2 * ROUND_BYTES, v0
    v_add_nc_u32 v3, 3 * ROUND_BYTES, v0
    s_waitcnt lgkmcnt(0)
    v_mov_b32 v4, s8
    v_mov_b32 v5, s8
    v_mov_b32 v6, s8
    v_mov_b32 v7, s8
    s_and_b32 s20, s6, ~((1 << CHUNK_LOG2) - 1)
    s_add_u32 s12, s4, s20                  // end = dst + whole chunks
    s_addc_u32 s13, s5, s7
    s_and_b32 s6, s6, (1 << CHUNK_LOG2) - 1 // tail bytes (< 16 KiB)
    s_lshl_b32 s20, s15, CHUNK_LOG2         // first chunk: wg << 14, 64-bit
    s_lshr_b32 s21, s15, 32 - CHUNK_LOG2
    s_add_u32 s4, s4, s20
    s_addc_u32 s5, s5, s21
    s_lshl_b32 s18, s9, CHUNK_LOG2          // stride = groups << 14
    s_lshr_b32 s19, s9, 32 - CHUNK_LOG2
.Lloop:
    s_sub_u32 s20, s4, s12                  // SCC = borrow = (dst_cur < end)
    s_subb_u32 s21, s5, s13
    s_cbranch_scc0 .Lloop_end
    global_store_b128 v0, v[4:7], s[4:5]
    global_store_b128 v1, v[4:7], s[4:5]
    global_store_b128 v2, v[4:7], s[4:5]
    global_store_b128 v3, v[4:7], s[4:5]
    s_add_u32 s4, s4, s18
    s_addc_u32 s5, s5, s19
    s_branch .Lloop
.Lloop_end:
    s_cmp_eq_u64 s[4:5], s[12:13]
    s_cbranch_scc0 .Ldone
    s_lshr_b32 s20, s6, 4                   // whole granules in the tail
    s_mov_b32 s21, exec_lo
    .irp r, 0, 1, 2, 3
    s_mov_b32 exec_lo, s21
    v_add_nc_u32 v21, \r * 256, v20
    v_cmp_gt_u32 vcc_lo, s20, v21
    s_and_b32 exec_lo, s21, vcc_lo
    s_cbranch_execz .Lgranules_done
    global_store_b128 v\r, v[4:7], s[12:13]
    .endr
.Lgranules_done:
    s_mov_b32 exec_lo, s21
    // Last bytes: lane i < bytes % 16 stores pattern byte i % 4 at
    // (tail & ~15) + i.
    s_and_b32 s20, s6, 15
    v_cmp_gt_u32 vcc_lo, s20, v20
    s_and_b32 exec_lo, s21, vcc_lo
    s_cbranch_execz .Ldone
    s_and_b32 s6, s6, ~15
    v_add_nc_u32 v21, s6, v20
    v_and_b32 v22, 3, v20
    v_lshlrev_b32 v22, 3, v22
    v_lshrrev_b32 v4, v22, s8
    global_store_b8 v21, v4, s[12:13]
.Ldone:
    s_endpgm
.size fill, .-fill

.rodata
.p2align 6
.amdhsa_kernel fill
    .amdhsa_user_sgpr_kernarg_segment_ptr 1
    .amdhsa_user_sgpr_count 15
    .amdhsa_system_sgpr_workgroup_id_x 1
    .amdhsa_next_free_vgpr 23
    .amdhsa_next_free_sgpr 22
    .amdhsa_kernarg_size 24
    .amdhsa_group_segment_fixed_size 0
    .amdhsa_private_segment_fixed_size 0
.end_amdhsa_kernel

.amdgpu_metadata
---
amdhsa.version: [ 1, 2 ]
amdhsa.target: amdgcn-amd-amdhsa--gfx1100
amdhsa.kernels:
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
