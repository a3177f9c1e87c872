/*
 * isa/codeobj.h — AMDGPU HSA code objects: load, validate, describe.
 *
 * A code object is what `llvm-mc -triple=amdgcn-amd-amdhsa -mcpu=gfx1100
 * -filetype=obj` followed by `ld.lld -shared` produces: an ELF64 shared
 * object (EM_AMDGPU, OS ABI AMDGPU_HSA, code object v4 or v5) holding the
 * machine code, one 64-byte kernel descriptor (KD) per kernel, found through
 * its `NAME.kd` symbol, and optionally an NT_AMDGPU_METADATA note (msgpack)
 * describing each kernel's arguments.
 *
 * Loading copies what it needs out of the input: the loadable image (the
 * PT_LOAD segments laid out by p_vaddr, ready to upload), the decoded KDs and
 * the metadata.  Everything in the file is bounds-checked before use; any
 * input that is not a valid gfx1100 wave32 code object is refused with a
 * message (amdpm4_last_error()) and a negative errno:
 *   -ENOEXEC  not a code object we can run (wrong target, wave64, v6, ...)
 *             or a corrupt/truncated one
 *   -ENOENT   (find) no kernel of that name
 *   -EFBIG    input over ISA_CODEOBJ_MAX_FILE_BYTES
 *   -ENOMEM   out of memory;  -EINVAL  bad arguments;  file errors pass through.
 *
 * A loaded struct isa_codeobj is immutable: it may be read from any number of
 * threads.  All its pointers are owned by it and live until isa_codeobj_free().
 */
#ifndef AMDPM4_ISA_CODEOBJ_H
#define AMDPM4_ISA_CODEOBJ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ISA_KD_BYTES               64u
/* COMPUTE_PGM_LO/HI hold the code address >> 8. */
#define ISA_CODE_ALIGN_BYTES       256u
/* AMDGPUUsage: a kernel descriptor is 64-byte aligned. */
#define ISA_KD_ALIGN_BYTES         64u
/* gfx11 LDS a workgroup can address (LLVM FeatureLocalMemorySize65536). */
#define ISA_LDS_MAX_BYTES          65536u
/* Unit of COMPUTE_PGM_RSRC2.LDS_SIZE on GFX7+ (Mesa ac_gpu_info.c
 * lds_encode_granularity = 128 * 4). */
#define ISA_LDS_GRANULE_BYTES      512u
/* gfx1100 kernels run in wave32 only (wave64 is refused). */
#define ISA_WAVE_LANES             32u
/* Limits of this loader, not of the format: an image or file larger than
 * these is refused rather than allocated. */
#define ISA_CODEOBJ_MAX_IMAGE_BYTES (64u << 20)
#define ISA_CODEOBJ_MAX_FILE_BYTES  (256u << 20)
#define ISA_CODEOBJ_MAX_SEG_ALIGN_BYTES 65536u

/* ------------------------------------------------------------ kernel descriptor */

enum isa_kd_field {
#define CODEOBJ_KD_FIELD(NAME, member, off, width) ISA_KD_##NAME,
#define CODEOBJ_KD_RESERVED(NAME, off, width) ISA_KD_##NAME,
#include "isa/codeobj.def"
#undef CODEOBJ_KD_FIELD
#undef CODEOBJ_KD_RESERVED
    ISA_KD_FIELD_COUNT
};

struct isa_kd_field_info {
    const char *name;          /* "KERNARG_SIZE" */
    uint32_t offset_bytes;
    uint32_t width_bytes;      /* 2, 4 or 8; reserved ranges up to 20 */
    bool reserved;             /* must be zero */
};
/* Row f of the KD field table. */
const struct isa_kd_field_info *isa_kd_field_info(enum isa_kd_field f);

/* kernel_code_properties bits (and the user SGPRs they enable). */
enum isa_kd_prop {
#define CODEOBJ_KD_PROP(NAME, name, shift, width, sgprs) ISA_KD_PROP_##NAME,
#define CODEOBJ_KD_PROP_RESERVED(NAME, shift, width) ISA_KD_PROP_##NAME,
#include "isa/codeobj.def"
#undef CODEOBJ_KD_PROP
#undef CODEOBJ_KD_PROP_RESERVED
    ISA_KD_PROP_COUNT
};

struct isa_kd_prop_info {
    const char *name;          /* "kernarg_segment_ptr"; "RESERVED0" */
    uint32_t shift, width;
    uint32_t user_sgprs;       /* SGPRs it takes when enabled; 0 if not a user SGPR */
    bool reserved;             /* must be zero */
};
const struct isa_kd_prop_info *isa_kd_prop_info(enum isa_kd_prop p);
/* Value of property p in kernel_code_properties. */
uint32_t isa_kd_prop_get(uint16_t kernel_code_properties, enum isa_kd_prop p);

/* The decoded kernel descriptor, values exactly as stored. */
struct isa_kd {
    uint32_t group_segment_fixed_bytes;      /* LDS, per workgroup */
    uint32_t private_segment_fixed_bytes;    /* scratch, per work-item */
    uint32_t kernarg_bytes;
    int64_t kernel_code_entry_byte_offset;   /* from the KD's own address */
    uint32_t compute_pgm_rsrc3;
    uint32_t compute_pgm_rsrc1;
    uint32_t compute_pgm_rsrc2;
    uint16_t kernel_code_properties;
    uint16_t kernarg_preload;
};

/* Decode the 64 bytes at kd_bytes (no validation; reserved bytes ignored). */
void isa_kd_decode(const uint8_t kd_bytes[ISA_KD_BYTES], struct isa_kd *kd);

/* ------------------------------------------------------------ metadata */

enum isa_arg_kind {
#define CODEOBJ_ARG_KIND(NAME, str, hidden) ISA_ARG_##NAME,
#include "isa/codeobj.def"
#undef CODEOBJ_ARG_KIND
    ISA_ARG_KIND_COUNT
};
const char *isa_arg_kind_name(enum isa_arg_kind k);   /* "global_buffer" */
bool isa_arg_kind_hidden(enum isa_arg_kind k);

enum isa_addr_space {
    ISA_AS_NONE = 0,           /* no .address_space given */
#define CODEOBJ_ADDR_SPACE(NAME, str) ISA_AS_##NAME,
#include "isa/codeobj.def"
#undef CODEOBJ_ADDR_SPACE
    ISA_AS_COUNT
};
const char *isa_addr_space_name(enum isa_addr_space as);  /* "global"; "" for NONE */

struct isa_kernel_arg {
    const char *name;                  /* .name; "" when absent */
    uint32_t offset_bytes;             /* .offset in the kernarg segment */
    uint32_t size_bytes;               /* .size */
    enum isa_arg_kind kind;            /* .value_kind */
    enum isa_addr_space address_space; /* .address_space */
};

/* ------------------------------------------------------------ the code object */

struct isa_kernel {
    const char *name;              /* the KD symbol without ".kd" */
    const char *symbol;            /* "NAME.kd" */
    uint64_t kd_offset_bytes;      /* KD in the image (64-byte aligned) */
    uint64_t code_offset_bytes;    /* entry = KD offset + entry byte offset (256-aligned) */
    uint64_t code_bytes;           /* code from the entry: the function symbol's size,
                                      else up to the next function or the segment end */
    uint8_t kd_bytes[ISA_KD_BYTES];
    struct isa_kd kd;

    /* From the metadata note; all zero / NULL when has_metadata is false. */
    bool has_metadata;
    const char *md_name;                   /* .name (source-level name) */
    uint32_t kernarg_segment_bytes;        /* .kernarg_segment_size (= KD) */
    uint32_t kernarg_segment_align_bytes;  /* .kernarg_segment_align */
    uint32_t group_segment_fixed_bytes;    /* .group_segment_fixed_size (= KD) */
    uint32_t private_segment_fixed_bytes;  /* .private_segment_fixed_size (= KD) */
    uint32_t wavefront_size;               /* .wavefront_size (= 32) */
    uint32_t sgpr_count;                   /* .sgpr_count */
    uint32_t vgpr_count;                   /* .vgpr_count */
    uint32_t max_flat_workgroup_size;      /* .max_flat_workgroup_size */
    uint32_t arg_count;
    const struct isa_kernel_arg *args;     /* .args, in metadata order */
};

struct isa_codeobj {
    const char *source;            /* file path, or the name given for memory */
    uint32_t version;              /* code object version: 4 or 5 */
    uint32_t e_flags;
    const char *target;            /* "gfx1100" */

    /* The loadable image: PT_LOAD segments at (p_vaddr - image_vaddr), the
     * bytes past p_filesz zero.  Upload it at a GPU VA aligned to
     * image_align_bytes (>= 256): offsets in it are then GPU VA offsets. */
    const uint8_t *image;
    uint64_t image_bytes;
    uint64_t image_align_bytes;
    uint64_t image_vaddr;          /* p_vaddr that image offset 0 stands for */

    bool has_metadata;
    uint32_t md_version_major, md_version_minor;   /* amdhsa.version */
    const char *md_target;         /* amdhsa.target; NULL when absent */

    uint32_t kernel_count;         /* >= 1 */
    const struct isa_kernel *kernels;   /* in symbol-table order */
};

/* Load from a file; ->source is the path. */
int isa_codeobj_load_file(const char *path, struct isa_codeobj **out);

/* Load from memory (copied; the caller keeps its buffer).  name is used in
 * messages and as ->source; NULL means "code object". */
int isa_codeobj_load_memory(const void *data, size_t data_bytes, const char *name,
                            struct isa_codeobj **out);

void isa_codeobj_free(struct isa_codeobj *co);

/* The kernel called name ("add1", or its symbol "add1.kd").  -ENOENT with a
 * message listing the kernels there are. */
int isa_codeobj_find_kernel(const struct isa_codeobj *co, const char *name,
                            const struct isa_kernel **out);

/* ------------------------------------------------------------ launching */

/* One user SGPR range, in the order the hardware loads them from
 * COMPUTE_USER_DATA_0.. */
struct isa_user_sgpr {
    enum isa_kd_prop what;         /* ISA_KD_PROP_ENABLE_SGPR_* */
    uint32_t first_sgpr;           /* s[first .. first+count-1] */
    uint32_t count;
};

/*
 * What the PM4 layer needs to dispatch a kernel, as plain values: it owns the
 * register fields and encodes them.
 *   COMPUTE_PGM_LO/HI   = code_va >> 8 (isa_kernel_code_va)
 *   COMPUTE_PGM_RSRC1/2/3 = the KD values below, verbatim, except that
 *   RSRC2.LDS_SIZE must be set to lds_granules (LLVM leaves it 0 in the KD).
 */
struct isa_dispatch_info {
    uint32_t compute_pgm_rsrc1;
    uint32_t compute_pgm_rsrc2;
    uint32_t compute_pgm_rsrc3;
    uint32_t lds_bytes;                /* KD group segment + dynamic LDS */
    uint32_t lds_granules;             /* ceil(lds_bytes / ISA_LDS_GRANULE_BYTES) */
    uint32_t scratch_bytes_per_lane;   /* KD private segment (a lower bound if
                                          uses_dynamic_stack) */
    uint32_t scratch_bytes_per_wave;   /* scratch_bytes_per_lane * 32 */
    bool uses_dynamic_stack;
    uint32_t kernarg_bytes;            /* KD kernarg_size */
    uint32_t user_sgpr_count;          /* sum of user_sgprs[].count */
    uint32_t user_sgpr_ranges;         /* entries used in user_sgprs[] */
    struct isa_user_sgpr user_sgprs[ISA_KD_PROP_COUNT];
};

/* Fill *out for kernel k with dynamic_lds_bytes of LDS on top of the KD's.
 * -EINVAL if the total exceeds ISA_LDS_MAX_BYTES. */
int isa_kernel_dispatch_info(const struct isa_kernel *k, uint32_t dynamic_lds_bytes,
                             struct isa_dispatch_info *out);

/* GPU VA of k's first instruction when co's image is uploaded at image_va.
 * -EINVAL unless image_va is a multiple of co->image_align_bytes. */
int isa_kernel_code_va(const struct isa_codeobj *co, const struct isa_kernel *k,
                       uint64_t image_va, uint64_t *code_va);

/* ------------------------------------------------------------ listing */

/* A human-readable listing of every kernel: offsets, sizes, registers, LDS,
 * scratch, user SGPRs and the kernarg layout.  *text is malloc'd (free()). */
int isa_codeobj_listing(const struct isa_codeobj *co, char **text);

#endif
