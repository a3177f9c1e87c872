// kernels/empty.s — `empty`: one wave that ends at once, for measuring
// launch overhead (kernels/plan.c: grid 1, block 32).
//
// Tile scheme: none.  Register map: nothing is read; the only SGPR the
// hardware loads is the workgroup id.  Loop structure: none.
//
// User SGPRs: gfx1100 has LLVM's UserSGPRInit16Bug (wave32 on gfx1100 and
// gfx1102): the user SGPRs plus the enabled workgroup-id/info SGPRs must
// come to at least 16, so LLVM pads the user SGPR count (its test
// CodeGen/AMDGPU/user-sgpr-init16-bug.ll: one workgroup id -> 15 user SGPRs).
// Every kernel in kernels/ does the same; nothing here reads the padding.
.amdgcn_target "amdgcn-amd-amdhsa--gfx1100"

.text
.globl empty
.p2align 8
.type empty,@function
empty:
    s_endpgm
.size empty, .-empty

.rodata
.p2align 6
.amdhsa_kernel empty
    .amdhsa_user_sgpr_count 15
    .amdhsa_system_sgpr_workgroup_id_x 1
    .amdhsa_next_free_vgpr 1
    .amdhsa_next_free_sgpr 16
    .amdhsa_reserve_vcc 0
    .amdhsa_kernarg_size 0
    .amdhsa_group_segment_fixed_size 0
    .amdhsa_private_segment_fixed_size 0
.end_amdhsa_kernel

.amdgpu_metadata
---
amdhsa.version: [ 1, 2 ]
amdhsa.target: amdgcn-amd-amdhsa--gfx1100
amdhsa.kernels:
  - .name: empty
    .symbol: empty.kd
    .kernarg_segment_size: 0
    .kernarg_segment_align: 4
    .group_segment_fixed_size: 0
    .private_segment_fixed_size: 0
    .wavefront_size: 32
    .sgpr_count: 16
    .vgpr_count: 1
    .max_flat_workgroup_size: 32
...
.end_amdgpu_metadata
