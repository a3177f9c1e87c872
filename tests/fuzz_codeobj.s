// tests/fuzz_codeobj.s — seed for `make fuzz` (fuzz_codeobj.c): two kernels,
// user SGPRs, LDS, scratch and a metadata note with plain and hidden arguments.
.amdgcn_target "amdgcn-amd-amdhsa--gfx1100"
.text
.globl copy
.p2align 8
.type copy,@function
copy:
  s_load_b128 s[4:7], s[0:1], 0x0
  s_waitcnt lgkmcnt(0)
  v_lshlrev_b32 v0, 2, v0
  global_load_b32 v1, v0, s[4:5]
  s_waitcnt vmcnt(0)
  global_store_b32 v0, v1, s[6:7]
  s_endpgm
.globl idle
.p2align 8
.type idle,@function
idle:
  s_endpgm
.size idle, .-idle
.rodata
.p2align 6
.amdhsa_kernel copy
  .amdhsa_user_sgpr_kernarg_segment_ptr 1
  .amdhsa_kernarg_size 24
  .amdhsa_group_segment_fixed_size 512
  .amdhsa_next_free_vgpr 2
  .amdhsa_next_free_sgpr 8
.end_amdhsa_kernel
.p2align 6
.amdhsa_kernel idle
  .amdhsa_user_sgpr_dispatch_ptr 1
  .amdhsa_user_sgpr_private_segment_size 1
  .amdhsa_private_segment_fixed_size 8
  .amdhsa_enable_private_segment 1
  .amdhsa_next_free_vgpr 1
  .amdhsa_next_free_sgpr 1
.end_amdhsa_kernel
.amdgpu_metadata
---
amdhsa.version: [ 1, 2 ]
amdhsa.target: amdgcn-amd-amdhsa--gfx1100
amdhsa.kernels:
  - .name: copy
    .symbol: copy.kd
    .kernarg_segment_size: 24
    .kernarg_segment_align: 8
    .group_segment_fixed_size: 512
    .private_segment_fixed_size: 0
    .wavefront_size: 32
    .sgpr_count: 8
    .vgpr_count: 2
    .max_flat_workgroup_size: 256
    .args:
      - { .name: src, .offset: 0, .size: 8, .value_kind: global_buffer, .address_space: global }
      - { .name: dst, .offset: 8, .size: 8, .value_kind: global_buffer, .address_space: global }
      - { .offset: 16, .size: 4, .value_kind: hidden_block_count_x }
  - .name: idle
    .symbol: idle.kd
    .kernarg_segment_size: 0
    .kernarg_segment_align: 4
    .group_segment_fixed_size: 0
    .private_segment_fixed_size: 8
    .wavefront_size: 32
    .sgpr_count: 3
    .vgpr_count: 1
    .max_flat_workgroup_size: 64
...
.end_amdgpu_metadata
