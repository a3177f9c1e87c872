// kernels/copy.s — `copy`: dst[i] = src[i] for any byte count, a
// bandwidth kernel with 128-bit accesses and a grid-stride loop.
//
// Tile scheme.  A workgroup of 256 work-items (8 waves) moves one 16 KiB
// chunk per trip: four rounds of global_load_b128 / global_store_b128, each
// round 4 KiB contiguous over the workgroup (512 bytes per wave, 16 per
// lane), so every access instruction touches whole 128-byte lines.  Chunk c
// is done by workgroup c % groups (`groups` is the grid size, a kernel
// argument chosen by kern_plan).  The bytes past the last whole chunk (the
// tail, < 16 KiB) are done by the one workgroup that would take the next
// chunk: whole 16-byte granules with masked b128 accesses, then the last
// bytes % 16 bytes one byte per lane.
//
// Alignment: src and dst must be 16-byte aligned (kern_plan checks; the
// runtime's buffers are 256-byte aligned); the byte count need not be.
//
// Register map.
//   s[0:1]  kernarg pointer (user SGPRs 2..14 are the UserSGPRInit16Bug
//           padding, see empty.s); s15 workgroup id
//   s[4:5]  src of this workgroup's current chunk   s[6:7] dst, likewise
//   s[8:9]  byte count -> later tail length         s10    groups
//   s[12:13] src + whole chunks (loop end, tail start)
//   s[16:17] dst tail start   s[18:19] stride = groups * 16 KiB
//   s[20:21] scratch for the 64-bit compare
//   v0..v3  per-lane offsets of the four rounds (lane*16 + round*4096)
//   v[4:19] the four 16-byte values in flight
//   v20     work-item id, later tail offsets
//
// Loop structure.
//   loop: while src_cur < end: 4 loads, s_waitcnt vmcnt(0), 4 stores,
//         src_cur += stride, dst_cur += stride
//   tail: only the workgroup whose src_cur stopped exactly at end.
.amdgcn_target "amdgcn-amd-amdhsa--gfx1100"

.set CHUNK_LOG2, 14                 // 16 KiB = 256 lanes * 4 rounds * 16 B
.set ROUND_BYTES, 4096              // 256 lanes * 16 B

.text
.globl copy
.p2align 8
.type copy,@function
copy:
    s_load_b128 s[4:7], s[0:1], 0x0         // src, dst
    s_load_b64 s[8:9], s[0:1], 0x10         // bytes
    s_load_b32 s10, s[0:1], 0x18            // groups
    v_mov_b32 v20, v0                       // work-item id (v0 is reused)
    v_lshlrev_b32 v0, 4, v0                 // lane offsets of the four rounds
    v_add_nc_u32 v1, ROUND_BYTES, v0
    v_add_nc_u32 v2, 2 * ROUND_BYTES, v0
    v_add_nc_u32 v3, 3 * ROUND_BYTES, v0
    s_waitcnt lgkmcnt(0)
    // end = src + (bytes & ~(chunk - 1)); dst tail = dst + the same
    s_and_b32 s20, s8, ~((1 << CHUNK_LOG2) - 1)
    s_add_u32 s12, s4, s20
    s_addc_u32 s13, s5, s9
    s_add_u32 s16, s6, s20
    s_addc_u32 s17, s7, s9
    s_and_b32 s8, s8, (1 << CHUNK_LOG2) - 1 // tail bytes (< 16 KiB)
    // first chunk of this workgroup: wg << 14, 64-bit
    s_lshl_b32 s20, s15, CHUNK_LOG2
    s_lshr_b32 s21, s15, 32 - CHUNK_LOG2
    s_add_u32 s4, s4, s20
    s_addc_u32 s5, s5, s21
    s_add_u32 s6, s6, s20
    s_addc_u32 s7, s7, s21
    s_lshl_b32 s18, s10, CHUNK_LOG2         // stride = groups << 14
    s_lshr_b32 s19, s10, 32 - CHUNK_LOG2
.Lloop:
    s_sub_u32 s20, s4, s12                  // SCC = borrow = (src_cur < end)
    s_subb_u32 s21, s5, s13
    s_cbranch_scc0 .Lloop_end
    global_load_b128 v[4:7], v0, s[4:5]
    global_load_b128 v[8:11], v1, s[4:5]
    global_load_b128 v[12:15], v2, s[4:5]
    global_load_b128 v[16:19], v3, s[4:5]
    s_add_u32 s4, s4, s18
    s_addc_u32 s5, s5, s19
    s_waitcnt vmcnt(0)
    global_store_b128 v0, v[4:7], s[6:7]
    global_store_b128 v1, v[8:11], s[6:7]
    global_store_b128 v2, v[12:15], s[6:7]
    global_store_b128 v3, v[16:19], s[6:7]
    s_add_u32 s6, s6, s18
    s_addc_u32 s7, s7, s19
    s_branch .Lloop
.Lloop_end:
    // The tail belongs to the workgroup that stopped exactly at end.
    s_cmp_eq_u64 s[4:5], s[12:13]
    s_cbranch_scc0 .Ldone
    // Whole granules: granule g = round * 256 + lane, 16 bytes each.
    s_lshr_b32 s20, s8, 4                   // whole granules in the tail
    s_mov_b32 s21, exec_lo
    .irp r, 0, 1, 2, 3
    s_mov_b32 exec_lo, s21
    v_add_nc_u32 v21, \r * 256, v20
    v_cmp_gt_u32 vcc_lo, s20, v21
    s_and_b32 exec_lo, s21, vcc_lo
    s_cbranch_execz .Lgranules_done
    global_load_b128 v[4:7], v\r, s[12:13]
    s_waitcnt vmcnt(0)
    global_store_b128 v\r, v[4:7], s[16:17]
    .endr
.Lgranules_done:
    s_mov_b32 exec_lo, s21
    // Last bytes: lane i < bytes % 16 copies byte (tail & ~15) + i.
    s_and_b32 s20, s8, 15
    v_cmp_gt_u32 vcc_lo, s20, v20
    s_and_b32 exec_lo, s21, vcc_lo
    s_cbranch_execz .Ldone
    s_and_b32 s8, s8, ~15
    v_add_nc_u32 v21, s8, v20
    global_load_u8 v4, v21, s[12:13]
    s_waitcnt vmcnt(0)
    global_store_b8 v21, v4, s[16:17]
.Ldone:
    s_endpgm
.size copy, .-copy

.rodata
.p2align 6
.amdhsa_kernel copy
    .amdhsa_user_sgpr_kernarg_segment_ptr 1
    .amdhsa_user_sgpr_count 15
    .amdhsa_system_sgpr_workgroup_id_x 1
    .amdhsa_next_free_vgpr 22
    .amdhsa_next_free_sgpr 22
    .amdhsa_kernarg_size 32
    .amdhsa_group_segment_fixed_size 0
    .amdhsa_private_segment_fixed_size 0
.end_amdhsa_kernel

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
...
.end_amdgpu_metadata
