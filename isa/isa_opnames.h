/*
 * isa/isa_opnames.h — ISA_OP(name) once for every instruction, in table
 * order, derived from the .def rows.  No include guard: the includer defines
 * ISA_OP(name) and may include this file several times.
 */
#ifndef ISA_OP
#error "define ISA_OP(name) before including isa/isa_opnames.h"
#endif

#define SOP1(name, op, dst, src0, form) ISA_OP(name)
#define SOP2(name, op, dst, src0, src1, form) ISA_OP(name)
#define SOPK(name, op, dst, src, form) ISA_OP(name)
#define SOPC(name, op, src0, src1, form) ISA_OP(name)
#define SOPP(name, op, form) ISA_OP(name)
#define SMEM(name, op, dst, base, form) ISA_OP(name)
#include "isa/isa_sop.def"

#define VOP1(name, op, dst, src0, mods, flags) ISA_OP(name)
#define VOP2(name, op, dst, src0, src1, mods, flags) ISA_OP(name)
#define VOPC(cond, op, src0, src1, mods, flags) ISA_OP(v_cmp_##cond) ISA_OP(v_cmpx_##cond)
#define VOP3(name, op, dst, src0, src1, src2, mods, flags) ISA_OP(name)
#define VOP3P(name, op, dst, src0, src1, src2, pmods, flags) ISA_OP(name)
#define VINTERP(name, op, flags) ISA_OP(name)
#define LDSDIR(name, op) ISA_OP(name)
#include "isa/isa_vop.def"

#define DS(name, op, dst, addr, data0, data1, flags) ISA_OP(name)
#define FLAT(name, op, dst, data, flags) \
    ISA_OP(flat_##name) ISA_OP(global_##name) ISA_OP(scratch_##name)
#define FLAT_GLOBAL(name, op, dst, data, flags) ISA_OP(flat_##name) ISA_OP(global_##name)
#define GLOBAL(name, op, dst, data, flags) ISA_OP(global_##name)
#define MUBUF(name, op, data, flags) ISA_OP(name)
#define MTBUF(name, op, data, flags) ISA_OP(name)
#define EXP(name) ISA_OP(name)
#include "isa/isa_mem.def"
