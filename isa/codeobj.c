/*
 * isa/codeobj.c — AMDGPU HSA code objects; see codeobj.h.
 *
 * Order of work: the ELF header is checked on the raw bytes (so that the
 * commonest refusals name the problem exactly), then libelf reads the program
 * headers, sections, symbols and notes.  Every offset and size taken from the
 * file is checked against the file (or the image) before it is used, and the
 * metadata is walked once without allocating before msgpack-c unpacks it.
 */
#include "isa/codeobj.h"
#include "pm4/log.h"

#include <assert.h>
#include <errno.h>
#include <gelf.h>
#include <libelf.h>
#include <limits.h>
#include <msgpack.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* ------------------------------------------------------------------ ELF facts
 * Not in glibc's <elf.h>; values from llvm/BinaryFormat/ELF.h (LLVM 19). */
#define CODEOBJ_ELFOSABI_AMDGPU_HSA    64
#define CODEOBJ_ELFOSABI_AMDGPU_PAL    65
#define CODEOBJ_ELFOSABI_AMDGPU_MESA3D 66
#define CODEOBJ_ABIVERSION_V2          0   /* code object v2 */
#define CODEOBJ_ABIVERSION_V4          2   /* code object v4 */
#define CODEOBJ_ABIVERSION_V6          4   /* code object v6 */
#define CODEOBJ_EF_MACH                0x0ffu
#define CODEOBJ_EF_FEATURE_XNACK_V4    0x300u
#define CODEOBJ_EF_FEATURE_SRAMECC_V4  0xc00u
#define CODEOBJ_NT_AMDGPU_METADATA     32
#define CODEOBJ_NOTE_OWNER             "AMDGPU"

/* AMDGPUUsage: code object v4 writes amdhsa.version [1, 1], v5 [1, 2]. */
#define CODEOBJ_MD_VERSION_MAJOR       1
/* The one target accepted (a name in the CODEOBJ_MACH table), and the target
 * ID amdhsa.target must hold (gfx1100 has no xnack/sramecc features). */
#define CODEOBJ_TARGET                 "gfx1100"
#define CODEOBJ_TARGET_ID              "amdgcn-amd-amdhsa--" CODEOBJ_TARGET
/* Largest workgroup on AMD GPUs (metadata .max_flat_workgroup_size bound). */
#define CODEOBJ_MAX_WORKGROUP_ITEMS    1024u
/* Nesting depth msgpack-c accepts (MSGPACK_EMBED_STACK_SIZE). */
#define CODEOBJ_MP_MAX_DEPTH           32u
#define CODEOBJ_KD_SUFFIX              ".kd"

/* ------------------------------------------------------------------ tables */

static const struct isa_kd_field_info kd_fields[ISA_KD_FIELD_COUNT] = {
#define CODEOBJ_KD_FIELD(NAME, member, off, width) [ISA_KD_##NAME] = {#NAME, off, width, false},
#define CODEOBJ_KD_RESERVED(NAME, off, width) [ISA_KD_##NAME] = {#NAME, off, width, true},
#include "isa/codeobj.def"
#undef CODEOBJ_KD_FIELD
#undef CODEOBJ_KD_RESERVED
};

static const struct isa_kd_prop_info kd_props[ISA_KD_PROP_COUNT] = {
#define CODEOBJ_KD_PROP(NAME, name, shift, width, sgprs) \
    [ISA_KD_PROP_##NAME] = {#name, shift, width, sgprs, false},
#define CODEOBJ_KD_PROP_RESERVED(NAME, shift, width) \
    [ISA_KD_PROP_##NAME] = {#NAME, shift, width, 0, true},
#include "isa/codeobj.def"
#undef CODEOBJ_KD_PROP
#undef CODEOBJ_KD_PROP_RESERVED
};

static const struct {
    const char *name;
    bool hidden;
} arg_kinds[ISA_ARG_KIND_COUNT] = {
#define CODEOBJ_ARG_KIND(NAME, str, hidden) [ISA_ARG_##NAME] = {str, hidden},
#include "isa/codeobj.def"
#undef CODEOBJ_ARG_KIND
};

static const char *const addr_spaces[ISA_AS_COUNT] = {
    [ISA_AS_NONE] = "",
#define CODEOBJ_ADDR_SPACE(NAME, str) [ISA_AS_##NAME] = str,
#include "isa/codeobj.def"
#undef CODEOBJ_ADDR_SPACE
};

static const struct {
    const char *name;
    uint32_t mach;
} machs[] = {
#define CODEOBJ_MACH(name, value) {name, value},
#include "isa/codeobj.def"
#undef CODEOBJ_MACH
};

const struct isa_kd_field_info *isa_kd_field_info(enum isa_kd_field f)
{
    return (unsigned)f < ISA_KD_FIELD_COUNT ? &kd_fields[f] : NULL;
}

const struct isa_kd_prop_info *isa_kd_prop_info(enum isa_kd_prop p)
{
    return (unsigned)p < ISA_KD_PROP_COUNT ? &kd_props[p] : NULL;
}

uint32_t isa_kd_prop_get(uint16_t props, enum isa_kd_prop p)
{
    const struct isa_kd_prop_info *i = isa_kd_prop_info(p);
    return i ? ((uint32_t)props >> i->shift) & ((1u << i->width) - 1u) : 0;
}

const char *isa_arg_kind_name(enum isa_arg_kind k)
{
    return (unsigned)k < ISA_ARG_KIND_COUNT ? arg_kinds[k].name : "?";
}

bool isa_arg_kind_hidden(enum isa_arg_kind k)
{
    return (unsigned)k < ISA_ARG_KIND_COUNT && arg_kinds[k].hidden;
}

const char *isa_addr_space_name(enum isa_addr_space as)
{
    return (unsigned)as < ISA_AS_COUNT ? addr_spaces[as] : "?";
}

static const char *mach_name(uint32_t mach)
{
    for (size_t i = 0; i < sizeof(machs) / sizeof(machs[0]); i++)
        if (machs[i].mach == mach)
            return machs[i].name;
    return NULL;
}

static uint64_t read_le(const uint8_t *p, uint32_t bytes)
{
    uint64_t v = 0;
    for (uint32_t i = bytes; i-- > 0;)
        v = v << 8 | p[i];
    return v;
}

void isa_kd_decode(const uint8_t kd_bytes[ISA_KD_BYTES], struct isa_kd *kd)
{
    memset(kd, 0, sizeof(*kd));
#define CODEOBJ_KD_FIELD(NAME, member, off, width) \
    kd->member = read_le(kd_bytes + (off), (width));
#define CODEOBJ_KD_RESERVED(NAME, off, width)
#include "isa/codeobj.def"
#undef CODEOBJ_KD_FIELD
#undef CODEOBJ_KD_RESERVED
}

/* ------------------------------------------------------------------ arena
 * Everything a code object owns comes from one arena freed in one go, so no
 * error path can leak a piece of it. */

struct arena_block {
    struct arena_block *next;
    max_align_t data[];
};

struct codeobj_impl {
    struct isa_codeobj pub;         /* first: the public view */
    struct arena_block *blocks;
};

static void *arena_alloc(struct codeobj_impl *impl, size_t bytes)
{
    struct arena_block *b;

    if (bytes > SIZE_MAX - sizeof(*b))
        return NULL;
    b = calloc(1, sizeof(*b) + bytes);
    if (!b)
        return NULL;
    b->next = impl->blocks;
    impl->blocks = b;
    return b->data;
}

static char *arena_strndup(struct codeobj_impl *impl, const char *s, size_t n)
{
    char *d = arena_alloc(impl, n + 1);
    if (d)
        memcpy(d, s, n);
    return d;
}

void isa_codeobj_free(struct isa_codeobj *co)
{
    struct codeobj_impl *impl = (struct codeobj_impl *)co;
    struct arena_block *b, *next;

    if (!co)
        return;
    for (b = impl->blocks; b; b = next) {
        next = b->next;
        free(b);
    }
    free(impl);
}

/* ------------------------------------------------------------------ loader state */

struct seg {
    uint64_t vaddr, memsz, filesz, offset;
    bool exec;
};

struct fsym {                       /* a function symbol: bounds code extents */
    uint64_t vaddr, size;
};

struct loader {
    struct codeobj_impl *impl;
    const char *src;                /* for messages */
    const uint8_t *buf;
    size_t buf_bytes;
    Elf *elf;
    size_t shnum;
    struct seg *segs;               /* PT_LOAD, sorted by vaddr, memsz > 0 */
    size_t nsegs;
    struct fsym *funcs;
    size_t nfuncs;
    struct isa_kernel *kernels;     /* arena */
    size_t nkernels;
};

/* Refuse the code object: "<source>: <context><message>", -ENOEXEC. */
__attribute__((format(printf, 3, 0)))
static int vrefuse(const struct loader *l, const char *context, const char *fmt, va_list ap)
{
    char msg[768];

    vsnprintf(msg, sizeof(msg), fmt, ap);
    return amdpm4_seterr(-ENOEXEC, "%s: %s%s", l->src, context, msg);
}

__attribute__((format(printf, 2, 3)))
static int refuse(const struct loader *l, const char *fmt, ...)
{
    va_list ap;
    int r;

    va_start(ap, fmt);
    r = vrefuse(l, "", fmt, ap);
    va_end(ap);
    return r;
}

static int nomem(const struct loader *l)
{
    return amdpm4_seterr(-ENOMEM, "%s: out of memory", l->src);
}

/* [off, off+len) lies inside the file. */
static bool in_file(const struct loader *l, uint64_t off, uint64_t len)
{
    return off <= l->buf_bytes && len <= l->buf_bytes - off;
}

/* ------------------------------------------------------------------ ELF header */

static int check_ehdr(struct loader *l, Elf64_Ehdr *eh)
{
    struct isa_codeobj *co = &l->impl->pub;
    uint32_t mach, abiv;
    const char *target;

    if (l->buf_bytes < sizeof(*eh))
        return refuse(l, "truncated: %zu bytes, shorter than an ELF64 header (%zu)",
                      l->buf_bytes, sizeof(*eh));
    memcpy(eh, l->buf, sizeof(*eh));
    if (memcmp(eh->e_ident, ELFMAG, SELFMAG))
        return refuse(l, "not an ELF file");
    if (eh->e_ident[EI_CLASS] != ELFCLASS64)
        return refuse(l, "ELF class %u, not ELF64", eh->e_ident[EI_CLASS]);
    if (eh->e_ident[EI_DATA] != ELFDATA2LSB)
        return refuse(l, "not a little-endian ELF file");
    if (eh->e_ident[EI_VERSION] != EV_CURRENT || eh->e_version != EV_CURRENT)
        return refuse(l, "ELF version %u/%u, not %u", eh->e_ident[EI_VERSION],
                      eh->e_version, EV_CURRENT);
    if (eh->e_machine != EM_AMDGPU)
        return refuse(l, "e_machine %u is not EM_AMDGPU (%u): not an AMDGPU code object",
                      eh->e_machine, EM_AMDGPU);
    switch (eh->e_ident[EI_OSABI]) {
    case CODEOBJ_ELFOSABI_AMDGPU_HSA:
        break;
    case CODEOBJ_ELFOSABI_AMDGPU_PAL:
        return refuse(l, "OS ABI AMDGPU_PAL, not AMDGPU_HSA");
    case CODEOBJ_ELFOSABI_AMDGPU_MESA3D:
        return refuse(l, "OS ABI AMDGPU_MESA3D, not AMDGPU_HSA");
    default:
        return refuse(l, "OS ABI %u, not AMDGPU_HSA (%u)", eh->e_ident[EI_OSABI],
                      CODEOBJ_ELFOSABI_AMDGPU_HSA);
    }
    /* ABI version n is code object v(n+2). */
    abiv = eh->e_ident[EI_ABIVERSION];
    if (abiv < CODEOBJ_ABIVERSION_V4 || abiv >= CODEOBJ_ABIVERSION_V6)
        return refuse(l, "code object v%u (ELF ABI version %u) is not supported: "
                      "v4 and v5 are", abiv + 2 - CODEOBJ_ABIVERSION_V2, abiv);
    co->version = abiv + 2 - CODEOBJ_ABIVERSION_V2;
    if (eh->e_type == ET_REL)
        return refuse(l, "a relocatable object (ET_REL), not a code object: "
                      "link it with ld.lld -shared");
    if (eh->e_type != ET_DYN)
        return refuse(l, "ELF type %u, not a shared object (ET_DYN)", eh->e_type);

    co->e_flags = eh->e_flags;
    mach = eh->e_flags & CODEOBJ_EF_MACH;
    target = mach_name(mach);
    if (!target || strcmp(target, CODEOBJ_TARGET)) {
        if (target)
            return refuse(l, "built for %s (e_flags 0x%x); amdpm4 runs gfx1100 code objects",
                          target, eh->e_flags);
        return refuse(l, "built for an unknown target (e_flags machine 0x%03x); "
                      "amdpm4 runs gfx1100 code objects", mach);
    }
    co->target = target;
    if (eh->e_flags & CODEOBJ_EF_FEATURE_XNACK_V4)
        return refuse(l, "e_flags 0x%x sets xnack, which gfx1100 does not have", eh->e_flags);
    if (eh->e_flags & CODEOBJ_EF_FEATURE_SRAMECC_V4)
        return refuse(l, "e_flags 0x%x sets sramecc, which gfx1100 does not have",
                      eh->e_flags);
    if (eh->e_flags & ~(CODEOBJ_EF_MACH | CODEOBJ_EF_FEATURE_XNACK_V4 |
                        CODEOBJ_EF_FEATURE_SRAMECC_V4))
        return refuse(l, "unknown e_flags bits 0x%x", eh->e_flags);

    if (eh->e_phnum == PN_XNUM || eh->e_shnum == 0 || eh->e_shstrndx == SHN_XINDEX)
        return refuse(l, "no section headers, or extended section numbering (not supported)");
    if (eh->e_phentsize != sizeof(Elf64_Phdr) && eh->e_phnum)
        return refuse(l, "program header size %u, not %zu", eh->e_phentsize,
                      sizeof(Elf64_Phdr));
    if (eh->e_shentsize != sizeof(Elf64_Shdr))
        return refuse(l, "section header size %u, not %zu", eh->e_shentsize,
                      sizeof(Elf64_Shdr));
    if (!in_file(l, eh->e_phoff, (uint64_t)eh->e_phnum * sizeof(Elf64_Phdr)))
        return refuse(l, "truncated: %u program headers at 0x%llx pass the end "
                      "of the file (%zu bytes)", eh->e_phnum,
                      (unsigned long long)eh->e_phoff, l->buf_bytes);
    if (!in_file(l, eh->e_shoff, (uint64_t)eh->e_shnum * sizeof(Elf64_Shdr)))
        return refuse(l, "truncated: %u section headers at 0x%llx pass the end "
                      "of the file (%zu bytes)", eh->e_shnum,
                      (unsigned long long)eh->e_shoff, l->buf_bytes);
    if (eh->e_shstrndx >= eh->e_shnum)
        return refuse(l, "section name table index %u out of range (%u sections)",
                      eh->e_shstrndx, eh->e_shnum);
    l->shnum = eh->e_shnum;
    return 0;
}

/* ------------------------------------------------------------------ segments, image */

static int cmp_seg(const void *a, const void *b)
{
    const struct seg *x = a, *y = b;
    return x->vaddr < y->vaddr ? -1 : x->vaddr > y->vaddr;
}

/* The segment holding [vaddr, vaddr+len) in its file-backed part, or NULL. */
static const struct seg *seg_find(const struct loader *l, uint64_t vaddr, uint64_t len,
                                  bool need_exec)
{
    for (size_t i = 0; i < l->nsegs; i++) {
        const struct seg *s = &l->segs[i];
        if (vaddr >= s->vaddr && vaddr - s->vaddr <= s->filesz &&
            len <= s->filesz - (vaddr - s->vaddr))
            return need_exec && !s->exec ? NULL : s;
    }
    return NULL;
}

static int load_segments(struct loader *l, const Elf64_Ehdr *eh)
{
    struct codeobj_impl *impl = l->impl;
    struct isa_codeobj *co = &impl->pub;
    uint64_t align = ISA_CODE_ALIGN_BYTES, end = 0, base;
    uint8_t *image;

    l->segs = calloc(eh->e_phnum ? eh->e_phnum : 1, sizeof(*l->segs));
    if (!l->segs)
        return nomem(l);
    for (size_t i = 0; i < eh->e_phnum; i++) {
        GElf_Phdr ph;
        uint64_t a;

        if (!gelf_getphdr(l->elf, (int)i, &ph))
            return refuse(l, "program header %zu: %s", i, elf_errmsg(-1));
        if (ph.p_type != PT_LOAD)
            continue;
        if (ph.p_filesz > ph.p_memsz)
            return refuse(l, "segment %zu: file size 0x%llx exceeds memory size 0x%llx", i,
                          (unsigned long long)ph.p_filesz, (unsigned long long)ph.p_memsz);
        if (!in_file(l, ph.p_offset, ph.p_filesz))
            return refuse(l, "truncated: segment %zu (0x%llx bytes at 0x%llx) passes the "
                          "end of the file (%zu bytes)", i, (unsigned long long)ph.p_filesz,
                          (unsigned long long)ph.p_offset, l->buf_bytes);
        if (ph.p_memsz > UINT64_MAX - ph.p_vaddr)
            return refuse(l, "segment %zu: address range overflows", i);
        a = ph.p_align ? ph.p_align : 1;
        if (a & (a - 1))
            return refuse(l, "segment %zu: alignment 0x%llx is not a power of two", i,
                          (unsigned long long)a);
        if (a > ISA_CODEOBJ_MAX_SEG_ALIGN_BYTES)
            return refuse(l, "segment %zu: alignment 0x%llx exceeds 0x%x", i,
                          (unsigned long long)a, ISA_CODEOBJ_MAX_SEG_ALIGN_BYTES);
        if (!ph.p_memsz)
            continue;
        if (a > align)
            align = a;
        l->segs[l->nsegs++] = (struct seg){ph.p_vaddr, ph.p_memsz, ph.p_filesz, ph.p_offset,
                                           (ph.p_flags & PF_X) != 0};
    }
    if (!l->nsegs)
        return refuse(l, "no loadable segments");
    qsort(l->segs, l->nsegs, sizeof(*l->segs), cmp_seg);
    for (size_t i = 0; i < l->nsegs; i++) {
        const struct seg *s = &l->segs[i];
        if (i && s->vaddr < l->segs[i - 1].vaddr + l->segs[i - 1].memsz)
            return refuse(l, "loadable segments overlap at 0x%llx",
                          (unsigned long long)s->vaddr);
        if (s->vaddr + s->memsz > end)
            end = s->vaddr + s->memsz;
    }
    base = l->segs[0].vaddr & ~(align - 1);
    if (end - base > ISA_CODEOBJ_MAX_IMAGE_BYTES)
        return refuse(l, "loadable image of 0x%llx bytes exceeds the %u MiB limit",
                      (unsigned long long)(end - base), ISA_CODEOBJ_MAX_IMAGE_BYTES >> 20);
    image = arena_alloc(impl, end - base);
    if (!image)
        return nomem(l);
    for (size_t i = 0; i < l->nsegs; i++)
        memcpy(image + (l->segs[i].vaddr - base), l->buf + l->segs[i].offset,
               l->segs[i].filesz);
    co->image = image;
    co->image_bytes = end - base;
    co->image_align_bytes = align;
    co->image_vaddr = base;
    return 0;
}

/* ------------------------------------------------------------------ sections */

static int get_shdr(struct loader *l, Elf_Scn *scn, GElf_Shdr *sh)
{
    if (!gelf_getshdr(scn, sh))
        return refuse(l, "section %zu: %s", elf_ndxscn(scn), elf_errmsg(-1));
    if (sh->sh_type != SHT_NOBITS && !in_file(l, sh->sh_offset, sh->sh_size))
        return refuse(l, "truncated: section %zu (0x%llx bytes at 0x%llx) passes the end "
                      "of the file (%zu bytes)", elf_ndxscn(scn),
                      (unsigned long long)sh->sh_size, (unsigned long long)sh->sh_offset,
                      l->buf_bytes);
    return 0;
}

/* The whole data of a section whose header passed get_shdr. */
static int get_data(struct loader *l, Elf_Scn *scn, const GElf_Shdr *sh, Elf_Data **out)
{
    Elf_Data *d;

    if (sh->sh_type == SHT_NOBITS)
        return refuse(l, "section %zu has no file data", elf_ndxscn(scn));
    d = elf_getdata(scn, NULL);
    if (!d || (sh->sh_size && !d->d_buf) || d->d_size != sh->sh_size)
        return refuse(l, "section %zu: cannot read its data (%s)", elf_ndxscn(scn),
                      elf_errmsg(-1));
    *out = d;
    return 0;
}

static int cmp_fsym(const void *a, const void *b)
{
    const struct fsym *x = a, *y = b;
    return x->vaddr < y->vaddr ? -1 : x->vaddr > y->vaddr;
}

/* No control characters: names end up in one-line messages and listings. */
static bool printable(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
            return false;
    return true;
}

static bool ends_with_kd(const char *name, size_t len)
{
    size_t n = sizeof(CODEOBJ_KD_SUFFIX) - 1;
    return len > n && !memcmp(name + len - n, CODEOBJ_KD_SUFFIX, n);
}

static int add_kernel(struct loader *l, const GElf_Sym *sym, const char *name, size_t len,
                      size_t cap)
{
    struct codeobj_impl *impl = l->impl;
    struct isa_kernel *k;
    uint64_t kd_vaddr = sym->st_value;

    if (sym->st_shndx == SHN_UNDEF)
        return refuse(l, "kernel descriptor %s is an undefined symbol", name);
    if (sym->st_size != ISA_KD_BYTES)
        return refuse(l, "kernel descriptor %s is %llu bytes, not %u", name,
                      (unsigned long long)sym->st_size, ISA_KD_BYTES);
    if (!seg_find(l, kd_vaddr, ISA_KD_BYTES, false))
        return refuse(l, "kernel descriptor %s at 0x%llx is outside the loaded data", name,
                      (unsigned long long)kd_vaddr);
    if (kd_vaddr % ISA_KD_ALIGN_BYTES)
        return refuse(l, "kernel descriptor %s at 0x%llx is not %u-byte aligned", name,
                      (unsigned long long)kd_vaddr, ISA_KD_ALIGN_BYTES);
    for (size_t i = 0; i < l->nkernels; i++)
        if (!strcmp(l->kernels[i].symbol, name))
            return refuse(l, "two kernel descriptors named %s", name);
    assert(l->nkernels < cap);
    k = &l->kernels[l->nkernels++];
    k->symbol = arena_strndup(impl, name, len);
    k->name = arena_strndup(impl, name, len - (sizeof(CODEOBJ_KD_SUFFIX) - 1));
    if (!k->symbol || !k->name)
        return nomem(l);
    k->kd_offset_bytes = kd_vaddr - impl->pub.image_vaddr;
    memcpy(k->kd_bytes, impl->pub.image + k->kd_offset_bytes, ISA_KD_BYTES);
    isa_kd_decode(k->kd_bytes, &k->kd);
    return 0;
}

/* Kernels from the NAME.kd symbols of .dynsym (else .symtab); function
 * symbols are kept to bound each kernel's code. */
static int load_symbols(struct loader *l)
{
    Elf_Scn *scn = NULL, *symscn = NULL;
    GElf_Shdr sh, symsh, strsh;
    Elf_Data *d;
    size_t nsyms;
    int r;

    while ((scn = elf_nextscn(l->elf, scn))) {
        if ((r = get_shdr(l, scn, &sh)))
            return r;
        if ((sh.sh_type == SHT_RELA || sh.sh_type == SHT_REL) && sh.sh_size)
            return refuse(l, "has relocations (section %zu); amdpm4 loads code objects "
                          "without relocations", elf_ndxscn(scn));
        /* .dynsym is what a loader reads; .symtab only when it is missing. */
        if (sh.sh_type == SHT_DYNSYM || (sh.sh_type == SHT_SYMTAB && !symscn)) {
            symscn = scn;
            symsh = sh;
        }
    }
    if (!symscn)
        return refuse(l, "no symbol table: cannot find kernel descriptors");
    if (symsh.sh_entsize != sizeof(Elf64_Sym) || symsh.sh_size % sizeof(Elf64_Sym))
        return refuse(l, "symbol table entry size %llu, not %zu",
                      (unsigned long long)symsh.sh_entsize, sizeof(Elf64_Sym));
    if (symsh.sh_link == 0 || symsh.sh_link >= l->shnum)
        return refuse(l, "symbol table links to section %u, out of range", symsh.sh_link);
    if ((r = get_shdr(l, elf_getscn(l->elf, symsh.sh_link), &strsh)))
        return r;
    if (strsh.sh_type != SHT_STRTAB)
        return refuse(l, "symbol names: section %u is not a string table", symsh.sh_link);
    if ((r = get_data(l, symscn, &symsh, &d)))
        return r;
    nsyms = d->d_size / sizeof(Elf64_Sym);
    l->funcs = calloc(nsyms ? nsyms : 1, sizeof(*l->funcs));
    l->kernels = arena_alloc(l->impl, (nsyms ? nsyms : 1) * sizeof(*l->kernels));
    if (!l->funcs || !l->kernels)
        return nomem(l);
    for (size_t i = 1; i < nsyms; i++) {
        GElf_Sym sym;
        const char *name;
        size_t len;

        if (!gelf_getsym(d, (int)i, &sym))
            return refuse(l, "symbol %zu: %s", i, elf_errmsg(-1));
        name = elf_strptr(l->elf, symsh.sh_link, sym.st_name);
        if (!name)
            return refuse(l, "symbol %zu: name offset %u is outside the string table", i,
                          sym.st_name);
        len = strlen(name);
        if (GELF_ST_TYPE(sym.st_info) == STT_FUNC && sym.st_shndx != SHN_UNDEF)
            l->funcs[l->nfuncs++] = (struct fsym){sym.st_value, sym.st_size};
        if (!ends_with_kd(name, len))
            continue;
        if (!printable(name, len))
            return refuse(l, "symbol %zu: a kernel descriptor name with control characters", i);
        if ((r = add_kernel(l, &sym, name, len, nsyms)))
            return r;
    }
    if (!l->nkernels)
        return refuse(l, "no kernels (no NAME.kd kernel descriptor symbols)");
    qsort(l->funcs, l->nfuncs, sizeof(*l->funcs), cmp_fsym);
    return 0;
}

/* ------------------------------------------------------------------ kernel descriptors */

static int check_kd(struct loader *l, struct isa_kernel *k)
{
    const struct isa_kd *kd = &k->kd;
    struct isa_codeobj *co = &l->impl->pub;
    uint64_t kd_vaddr = co->image_vaddr + k->kd_offset_bytes, entry;
    int64_t off = kd->kernel_code_entry_byte_offset;
    const struct seg *s;

    for (unsigned f = 0; f < ISA_KD_FIELD_COUNT; f++) {
        const struct isa_kd_field_info *fi = &kd_fields[f];
        for (uint32_t b = 0; fi->reserved && b < fi->width_bytes; b++)
            if (k->kd_bytes[fi->offset_bytes + b])
                return refuse(l, "kernel %s: kernel descriptor %s (byte %u) is not zero",
                              k->name, fi->name, fi->offset_bytes + b);
    }
    for (unsigned p = 0; p < ISA_KD_PROP_COUNT; p++)
        if (kd_props[p].reserved && isa_kd_prop_get(kd->kernel_code_properties, p))
            return refuse(l, "kernel %s: kernel_code_properties 0x%04x sets reserved bits",
                          k->name, kd->kernel_code_properties);
    if (!isa_kd_prop_get(kd->kernel_code_properties, ISA_KD_PROP_ENABLE_WAVEFRONT_SIZE32))
        return refuse(l, "kernel %s is wave64 (kernel descriptor ENABLE_WAVEFRONT_SIZE32 "
                      "clear); amdpm4 runs wave32 kernels", k->name);
    if (kd->kernarg_preload)
        return refuse(l, "kernel %s: kernarg preload 0x%04x; gfx1100 has no kernarg preload",
                      k->name, kd->kernarg_preload);
    if (kd->group_segment_fixed_bytes > ISA_LDS_MAX_BYTES)
        return refuse(l, "kernel %s: %u bytes of LDS exceed gfx1100's %u", k->name,
                      kd->group_segment_fixed_bytes, ISA_LDS_MAX_BYTES);

    /* entry = KD address + signed offset, without overflow */
    if (off >= 0 ? (uint64_t)off > UINT64_MAX - kd_vaddr
                 : (uint64_t)(-(off + 1)) + 1 > kd_vaddr)
        return refuse(l, "kernel %s: code entry offset %lld leaves the address space",
                      k->name, (long long)off);
    entry = off >= 0 ? kd_vaddr + (uint64_t)off : kd_vaddr - ((uint64_t)(-(off + 1)) + 1);
    s = seg_find(l, entry, sizeof(uint32_t), true);
    if (!s)
        return refuse(l, "kernel %s: code entry 0x%llx (descriptor %+lld) is outside the "
                      "executable code", k->name, (unsigned long long)entry, (long long)off);
    if (entry % ISA_CODE_ALIGN_BYTES)
        return refuse(l, "kernel %s: code entry 0x%llx is not %u-byte aligned "
                      "(COMPUTE_PGM_LO holds address >> 8; put .p2align 8 before it)",
                      k->name, (unsigned long long)entry, ISA_CODE_ALIGN_BYTES);
    k->code_offset_bytes = entry - co->image_vaddr;

    return 0;
}

/* Code extent from the entry: the function symbol's size, else up to the
 * next function symbol or kernel entry, else the end of the segment's data. */
static void code_extent(const struct loader *l, struct isa_kernel *k)
{
    uint64_t entry = l->impl->pub.image_vaddr + k->code_offset_bytes;
    const struct seg *s = seg_find(l, entry, sizeof(uint32_t), true);
    uint64_t end = s->vaddr + s->filesz;

    for (size_t i = 0; i < l->nkernels; i++)
        if (l->kernels[i].code_offset_bytes > k->code_offset_bytes &&
            l->impl->pub.image_vaddr + l->kernels[i].code_offset_bytes < end)
            end = l->impl->pub.image_vaddr + l->kernels[i].code_offset_bytes;
    for (size_t i = 0; i < l->nfuncs; i++) {
        const struct fsym *f = &l->funcs[i];
        if (f->vaddr == entry && f->size && f->size <= end - entry) {
            end = entry + f->size;
            break;
        }
        if (f->vaddr > entry && f->vaddr < end)
            end = f->vaddr;
    }
    k->code_bytes = end - entry;
}

/* ------------------------------------------------------------------ metadata */

static bool mp_be(const uint8_t *p, size_t n, size_t *pos, unsigned bytes, uint64_t *v)
{
    if (bytes > n - *pos)
        return false;
    *v = 0;
    for (unsigned i = 0; i < bytes; i++)
        *v = *v << 8 | p[(*pos)++];
    return true;
}

/* Walk one msgpack object at p[*pos..n) without allocating.  Every container
 * must declare no more elements than bytes remain (each takes at least one),
 * which keeps msgpack-c's up-front container allocations proportional to the
 * note.  Format bytes: msgpack spec "Formats". */
static bool mp_check(const uint8_t *p, size_t n, size_t *pos, unsigned depth)
{
    uint64_t len = 0, count = 0;
    unsigned lenbytes = 0, extra = 0;
    uint8_t t;

    if (depth >= CODEOBJ_MP_MAX_DEPTH || *pos >= n)
        return false;
    t = p[(*pos)++];
    if (t <= 0x7f || t >= 0xe0)                 /* positive / negative fixint */
        return true;
    if (t <= 0x8f) {                            /* fixmap */
        count = 2u * (t & 0x0f);
        goto container;
    }
    if (t <= 0x9f) {                            /* fixarray */
        count = t & 0x0f;
        goto container;
    }
    if (t <= 0xbf) {                            /* fixstr */
        len = t & 0x1f;
        goto payload;
    }
    switch (t) {
    case 0xc0: case 0xc2: case 0xc3:            /* nil, false, true */
        return true;
    case 0xc4: case 0xd9: lenbytes = 1; break;  /* bin8, str8 */
    case 0xc5: case 0xda: lenbytes = 2; break;  /* bin16, str16 */
    case 0xc6: case 0xdb: lenbytes = 4; break;  /* bin32, str32 */
    case 0xc7: lenbytes = 1; extra = 1; break;  /* ext8: length, type */
    case 0xc8: lenbytes = 2; extra = 1; break;  /* ext16 */
    case 0xc9: lenbytes = 4; extra = 1; break;  /* ext32 */
    case 0xcc: case 0xd0: len = 1; goto payload;     /* uint8, int8 */
    case 0xcd: case 0xd1: len = 2; goto payload;     /* uint16, int16 */
    case 0xca: case 0xce: case 0xd2: len = 4; goto payload; /* float32, (u)int32 */
    case 0xcb: case 0xcf: case 0xd3: len = 8; goto payload; /* float64, (u)int64 */
    case 0xd4: len = 2; goto payload;           /* fixext1 (type + 1) */
    case 0xd5: len = 3; goto payload;           /* fixext2 */
    case 0xd6: len = 5; goto payload;           /* fixext4 */
    case 0xd7: len = 9; goto payload;           /* fixext8 */
    case 0xd8: len = 17; goto payload;          /* fixext16 */
    case 0xdc: case 0xde:                       /* array16, map16 */
    case 0xdd: case 0xdf:                       /* array32, map32 */
        if (!mp_be(p, n, pos, (t == 0xdc || t == 0xde) ? 2 : 4, &count))
            return false;
        if (t >= 0xde)
            count *= 2;
        goto container;
    default:                                    /* 0xc1: never used */
        return false;
    }
    if (!mp_be(p, n, pos, lenbytes, &len))
        return false;
    len += extra;
payload:
    if (len > n - *pos)
        return false;
    *pos += len;
    return true;
container:
    if (count > n - *pos)
        return false;
    for (uint64_t i = 0; i < count; i++)
        if (!mp_check(p, n, pos, depth + 1))
            return false;
    return true;
}

static const msgpack_object *mp_get(const msgpack_object *map, const char *key)
{
    size_t klen = strlen(key);

    for (uint32_t i = 0; i < map->via.map.size; i++) {
        const msgpack_object *k = &map->via.map.ptr[i].key;
        if (k->type == MSGPACK_OBJECT_STR && k->via.str.size == klen &&
            !memcmp(k->via.str.ptr, key, klen))
            return &map->via.map.ptr[i].val;
    }
    return NULL;
}

/* Where a metadata value sits, for messages: "kernel 'x' " or "". */
struct md_ctx {
    struct loader *l;
    char where[160];
};

__attribute__((format(printf, 2, 3)))
static int md_refuse(const struct md_ctx *m, const char *fmt, ...)
{
    char context[sizeof(m->where) + 16];
    va_list ap;
    int r;

    snprintf(context, sizeof(context), "metadata: %s", m->where);
    va_start(ap, fmt);
    r = vrefuse(m->l, context, fmt, ap);
    va_end(ap);
    return r;
}

/* Unsigned 32-bit entry key of map; absent is an error when required. */
static int md_u32(const struct md_ctx *m, const msgpack_object *map, const char *key,
                  bool required, uint32_t *v)
{
    const msgpack_object *o = mp_get(map, key);

    *v = 0;
    if (!o)
        return required ? md_refuse(m, "%s is missing", key) : 0;
    if (o->type != MSGPACK_OBJECT_POSITIVE_INTEGER)
        return md_refuse(m, "%s is not an unsigned integer", key);
    if (o->via.u64 > UINT32_MAX)
        return md_refuse(m, "%s %llu is out of range", key, (unsigned long long)o->via.u64);
    *v = (uint32_t)o->via.u64;
    return 0;
}

/* String entry key of map, copied into the arena; NULL when absent and optional. */
static int md_str(const struct md_ctx *m, const msgpack_object *map, const char *key,
                  bool required, const char **s)
{
    const msgpack_object *o = mp_get(map, key);
    char *d;

    *s = NULL;
    if (!o)
        return required ? md_refuse(m, "%s is missing", key) : 0;
    if (o->type != MSGPACK_OBJECT_STR)
        return md_refuse(m, "%s is not a string", key);
    if (!printable(o->via.str.ptr, o->via.str.size))
        return md_refuse(m, "%s contains control characters", key);
    d = arena_strndup(m->l->impl, o->via.str.ptr, o->via.str.size);
    if (!d)
        return nomem(m->l);
    *s = d;
    return 0;
}

static int cmp_arg_offset(const void *a, const void *b)
{
    const struct isa_kernel_arg *x = *(const struct isa_kernel_arg *const *)a;
    const struct isa_kernel_arg *y = *(const struct isa_kernel_arg *const *)b;
    return x->offset_bytes < y->offset_bytes ? -1 : x->offset_bytes > y->offset_bytes;
}

static int md_args(struct md_ctx *m, const msgpack_object *kmap, struct isa_kernel *k)
{
    const msgpack_object *args = mp_get(kmap, ".args");
    struct isa_kernel_arg *out;
    const struct isa_kernel_arg **sorted;
    size_t where_len = strlen(m->where);
    int r = 0;

    if (!args)
        return 0;
    if (args->type != MSGPACK_OBJECT_ARRAY)
        return md_refuse(m, ".args is not an array");
    if (!args->via.array.size)
        return 0;
    out = arena_alloc(m->l->impl, args->via.array.size * sizeof(*out));
    sorted = calloc(args->via.array.size, sizeof(*sorted));
    if (!out || !sorted) {
        free(sorted);
        return nomem(m->l);
    }
    for (uint32_t i = 0; i < args->via.array.size && !r; i++) {
        const msgpack_object *a = &args->via.array.ptr[i];
        struct isa_kernel_arg *arg = &out[i];
        const char *s;
        unsigned j;

        snprintf(m->where + where_len, sizeof(m->where) - where_len, "argument %u: ", i);
        if (a->type != MSGPACK_OBJECT_MAP) {
            r = md_refuse(m, "not a map");
            break;
        }
        if ((r = md_str(m, a, ".name", false, &arg->name)) ||
            (r = md_u32(m, a, ".offset", true, &arg->offset_bytes)) ||
            (r = md_u32(m, a, ".size", true, &arg->size_bytes)) ||
            (r = md_str(m, a, ".value_kind", true, &s)))
            break;
        if (!arg->name)
            arg->name = "";
        for (j = 0; j < ISA_ARG_KIND_COUNT && strcmp(s, arg_kinds[j].name); j++)
            ;
        if (j == ISA_ARG_KIND_COUNT) {
            r = md_refuse(m, "unknown .value_kind '%s'", s);
            break;
        }
        arg->kind = j;
        if ((r = md_str(m, a, ".address_space", false, &s)))
            break;
        if (s) {
            for (j = ISA_AS_NONE + 1; j < ISA_AS_COUNT && strcmp(s, addr_spaces[j]); j++)
                ;
            if (j == ISA_AS_COUNT) {
                r = md_refuse(m, "unknown .address_space '%s'", s);
                break;
            }
            arg->address_space = j;
        }
        if ((uint64_t)arg->offset_bytes + arg->size_bytes > k->kernarg_segment_bytes) {
            r = md_refuse(m, "bytes %u..%llu lie outside the %u-byte kernarg segment",
                          arg->offset_bytes,
                          (unsigned long long)arg->offset_bytes + arg->size_bytes,
                          k->kernarg_segment_bytes);
            break;
        }
        sorted[i] = arg;
    }
    m->where[where_len] = '\0';
    if (!r) {
        const struct isa_kernel_arg *prev = NULL;
        qsort(sorted, args->via.array.size, sizeof(*sorted), cmp_arg_offset);
        for (uint32_t i = 0; i < args->via.array.size && !r; i++) {
            if (!sorted[i]->size_bytes)
                continue;
            if (prev && prev->offset_bytes + prev->size_bytes > sorted[i]->offset_bytes)
                r = md_refuse(m, "arguments '%s' and '%s' overlap at kernarg byte %u",
                              prev->name, sorted[i]->name, sorted[i]->offset_bytes);
            prev = sorted[i];
        }
    }
    free(sorted);
    k->args = out;
    k->arg_count = args->via.array.size;
    return r;
}

static int md_kernel(struct md_ctx *m, const msgpack_object *kmap, uint32_t index)
{
    struct loader *l = m->l;
    const char *name, *symbol;
    const msgpack_object *dyn;
    struct isa_kernel *k = NULL;
    uint32_t wave;
    int r;

    snprintf(m->where, sizeof(m->where), "kernel %u: ", index);
    if (kmap->type != MSGPACK_OBJECT_MAP)
        return md_refuse(m, "not a map");
    if ((r = md_str(m, kmap, ".name", true, &name)) ||
        (r = md_str(m, kmap, ".symbol", true, &symbol)))
        return r;
    snprintf(m->where, sizeof(m->where), "kernel '%.100s': ", name);
    for (size_t i = 0; i < l->nkernels && !k; i++)
        if (!strcmp(l->kernels[i].symbol, symbol))
            k = &l->kernels[i];
    if (!k)
        return md_refuse(m, ".symbol '%.100s' is not a kernel descriptor in the symbol table",
                         symbol);
    if (k->has_metadata)
        return md_refuse(m, "%s is described twice", symbol);
    k->has_metadata = true;
    k->md_name = name;
    if ((r = md_u32(m, kmap, ".kernarg_segment_size", true, &k->kernarg_segment_bytes)) ||
        (r = md_u32(m, kmap, ".kernarg_segment_align", true,
                    &k->kernarg_segment_align_bytes)) ||
        (r = md_u32(m, kmap, ".group_segment_fixed_size", true,
                    &k->group_segment_fixed_bytes)) ||
        (r = md_u32(m, kmap, ".private_segment_fixed_size", true,
                    &k->private_segment_fixed_bytes)) ||
        (r = md_u32(m, kmap, ".wavefront_size", true, &wave)) ||
        (r = md_u32(m, kmap, ".sgpr_count", true, &k->sgpr_count)) ||
        (r = md_u32(m, kmap, ".vgpr_count", true, &k->vgpr_count)) ||
        (r = md_u32(m, kmap, ".max_flat_workgroup_size", true, &k->max_flat_workgroup_size)))
        return r;
    k->wavefront_size = wave;
    if (wave == 64)
        return refuse(l, "kernel %s is wave64 (metadata .wavefront_size 64); amdpm4 runs "
                      "wave32 kernels", k->name);
    if (wave != ISA_WAVE_LANES)
        return md_refuse(m, ".wavefront_size %u is neither 32 nor 64", wave);
    if (!k->kernarg_segment_align_bytes ||
        (k->kernarg_segment_align_bytes & (k->kernarg_segment_align_bytes - 1)))
        return md_refuse(m, ".kernarg_segment_align %u is not a power of two",
                         k->kernarg_segment_align_bytes);
    if (!k->max_flat_workgroup_size ||
        k->max_flat_workgroup_size > CODEOBJ_MAX_WORKGROUP_ITEMS)
        return md_refuse(m, ".max_flat_workgroup_size %u is not in 1..%u",
                         k->max_flat_workgroup_size, CODEOBJ_MAX_WORKGROUP_ITEMS);
#define SAME(md, kdf, mdname, kdname)                                              \
    if (k->md != k->kd.kdf)                                                        \
        return md_refuse(m, mdname " %u contradicts the kernel descriptor's "      \
                         kdname " %u", k->md, k->kd.kdf);
    SAME(kernarg_segment_bytes, kernarg_bytes, ".kernarg_segment_size", "kernarg_size")
    SAME(group_segment_fixed_bytes, group_segment_fixed_bytes, ".group_segment_fixed_size",
         "group_segment_fixed_size")
    SAME(private_segment_fixed_bytes, private_segment_fixed_bytes,
         ".private_segment_fixed_size", "private_segment_fixed_size")
#undef SAME
    dyn = mp_get(kmap, ".uses_dynamic_stack");
    if (dyn && dyn->type != MSGPACK_OBJECT_BOOLEAN)
        return md_refuse(m, ".uses_dynamic_stack is not a boolean");
    if (dyn && dyn->via.boolean !=
               (isa_kd_prop_get(k->kd.kernel_code_properties, ISA_KD_PROP_USES_DYNAMIC_STACK) != 0))
        return md_refuse(m, ".uses_dynamic_stack %s contradicts the kernel descriptor's "
                         "USES_DYNAMIC_STACK", dyn->via.boolean ? "true" : "false");
    return md_args(m, kmap, k);
}

static int md_parse(struct loader *l, const msgpack_object *root)
{
    struct isa_codeobj *co = &l->impl->pub;
    struct md_ctx m = {.l = l};
    const msgpack_object *ver, *kernels;
    int r;

    if (root->type != MSGPACK_OBJECT_MAP)
        return md_refuse(&m, "the root is not a map");
    ver = mp_get(root, "amdhsa.version");
    if (!ver)
        return md_refuse(&m, "amdhsa.version is missing");
    if (ver->type != MSGPACK_OBJECT_ARRAY || ver->via.array.size != 2 ||
        ver->via.array.ptr[0].type != MSGPACK_OBJECT_POSITIVE_INTEGER ||
        ver->via.array.ptr[1].type != MSGPACK_OBJECT_POSITIVE_INTEGER ||
        ver->via.array.ptr[0].via.u64 > UINT32_MAX || ver->via.array.ptr[1].via.u64 > UINT32_MAX)
        return md_refuse(&m, "amdhsa.version is not [major, minor]");
    co->md_version_major = (uint32_t)ver->via.array.ptr[0].via.u64;
    co->md_version_minor = (uint32_t)ver->via.array.ptr[1].via.u64;
    /* v4 is [1, 1], v5 is [1, 2]: minor = version - 3. */
    if (co->md_version_major != CODEOBJ_MD_VERSION_MAJOR ||
        co->md_version_minor != co->version - 3)
        return md_refuse(&m, "amdhsa.version [%u, %u] does not match code object v%u",
                         co->md_version_major, co->md_version_minor, co->version);
    if ((r = md_str(&m, root, "amdhsa.target", false, &co->md_target)))
        return r;
    if (co->md_target && strcmp(co->md_target, CODEOBJ_TARGET_ID))
        return md_refuse(&m, "amdhsa.target '%.100s' is not %s", co->md_target,
                         CODEOBJ_TARGET_ID);
    kernels = mp_get(root, "amdhsa.kernels");
    if (!kernels)
        return md_refuse(&m, "amdhsa.kernels is missing");
    if (kernels->type != MSGPACK_OBJECT_ARRAY)
        return md_refuse(&m, "amdhsa.kernels is not an array");
    for (uint32_t i = 0; i < kernels->via.array.size; i++)
        if ((r = md_kernel(&m, &kernels->via.array.ptr[i], i)))
            return r;
    for (size_t i = 0; i < l->nkernels; i++)
        if (!l->kernels[i].has_metadata)
            return refuse(l, "kernel %s has a kernel descriptor but no metadata",
                          l->kernels[i].name);
    co->has_metadata = true;
    return 0;
}

static int md_unpack(struct loader *l, const uint8_t *desc, size_t bytes)
{
    msgpack_unpacked u;
    size_t pos = 0, off = 0;
    int r;

    if (!mp_check(desc, bytes, &pos, 0))
        return refuse(l, "metadata note is not valid msgpack (%zu bytes)", bytes);
    if (pos != bytes)
        return refuse(l, "metadata note has %zu bytes after its msgpack map", bytes - pos);
    msgpack_unpacked_init(&u);
    switch (msgpack_unpack_next(&u, (const char *)desc, bytes, &off)) {
    case MSGPACK_UNPACK_SUCCESS:
        r = md_parse(l, &u.data);
        break;
    case MSGPACK_UNPACK_NOMEM_ERROR:
        r = nomem(l);
        break;
    default:
        r = refuse(l, "metadata note: msgpack-c cannot unpack it");
        break;
    }
    msgpack_unpacked_destroy(&u);
    return r;
}

/* The NT_AMDGPU_METADATA note, if any (at most one). */
static int load_metadata(struct loader *l)
{
    Elf_Scn *scn = NULL;
    const uint8_t *found = NULL;
    size_t found_bytes = 0;
    int r;

    while ((scn = elf_nextscn(l->elf, scn))) {
        GElf_Shdr sh;
        Elf_Data *d;
        size_t off = 0, next, name_off, desc_off;
        GElf_Nhdr nh;

        if ((r = get_shdr(l, scn, &sh)))
            return r;
        if (sh.sh_type != SHT_NOTE)
            continue;
        if ((r = get_data(l, scn, &sh, &d)))
            return r;
        while (off < d->d_size && (next = gelf_getnote(d, off, &nh, &name_off, &desc_off))) {
            const uint8_t *base = d->d_buf;
            if (next <= off || desc_off > d->d_size || nh.n_descsz > d->d_size - desc_off ||
                name_off > d->d_size || nh.n_namesz > d->d_size - name_off)
                return refuse(l, "section %zu: corrupt note", elf_ndxscn(scn));
            off = next;
            if (nh.n_type != CODEOBJ_NT_AMDGPU_METADATA ||
                nh.n_namesz != sizeof(CODEOBJ_NOTE_OWNER) ||
                memcmp(base + name_off, CODEOBJ_NOTE_OWNER, sizeof(CODEOBJ_NOTE_OWNER)))
                continue;
            if (found)
                return refuse(l, "two NT_AMDGPU_METADATA notes");
            found = base + desc_off;
            found_bytes = nh.n_descsz;
        }
        if (off < d->d_size && !next)
            return refuse(l, "section %zu: corrupt note at byte %zu", elf_ndxscn(scn), off);
    }
    return found ? md_unpack(l, found, found_bytes) : 0;
}

/* ------------------------------------------------------------------ load */

static pthread_once_t elf_once = PTHREAD_ONCE_INIT;
static bool elf_ok;

static void elf_init(void)
{
    elf_ok = elf_version(EV_CURRENT) != EV_NONE;
}

/* Load from buf: a private copy of the input, alive until this returns
 * (libelf reads it as ELF_C_READ_MMAP_PRIVATE and may write to it). */
static int load_buffer(uint8_t *buf, size_t bytes, const char *src,
                       struct isa_codeobj **out)
{
    struct loader l = {.buf = buf, .buf_bytes = bytes};
    struct isa_codeobj *co;
    Elf64_Ehdr eh;
    char *src_copy;
    int r;

    pthread_once(&elf_once, elf_init);
    if (!elf_ok)
        return amdpm4_seterr(-ENOSYS, "libelf: %s", elf_errmsg(-1));
    l.impl = calloc(1, sizeof(*l.impl));
    if (!l.impl)
        return amdpm4_seterr(-ENOMEM, "%s: out of memory", src);
    co = &l.impl->pub;
    src_copy = arena_strndup(l.impl, src, strlen(src));
    if (!src_copy) {
        free(l.impl);
        return amdpm4_seterr(-ENOMEM, "%s: out of memory", src);
    }
    co->source = l.src = src_copy;

    if ((r = check_ehdr(&l, &eh)))
        goto fail;
    l.elf = elf_memory((char *)buf, bytes);
    if (!l.elf || elf_kind(l.elf) != ELF_K_ELF) {
        r = refuse(&l, "libelf cannot read it: %s", elf_errmsg(-1));
        goto fail;
    }
    if ((r = load_segments(&l, &eh)) || (r = load_symbols(&l)))
        goto fail;
    co->kernels = l.kernels;
    co->kernel_count = (uint32_t)l.nkernels;
    for (size_t i = 0; i < l.nkernels; i++)
        if ((r = check_kd(&l, &l.kernels[i])))
            goto fail;
    for (size_t i = 0; i < l.nkernels; i++)
        code_extent(&l, &l.kernels[i]);
    if ((r = load_metadata(&l)))
        goto fail;
    elf_end(l.elf);
    free(l.segs);
    free(l.funcs);
    *out = co;
    return 0;
fail:
    if (l.elf)
        elf_end(l.elf);
    free(l.segs);
    free(l.funcs);
    isa_codeobj_free(co);
    return r;
}

int isa_codeobj_load_memory(const void *data, size_t data_bytes, const char *name,
                            struct isa_codeobj **out)
{
    uint8_t *copy;
    int r;

    if (!out || (!data && data_bytes))
        return amdpm4_seterr(-EINVAL, "isa_codeobj_load_memory: NULL argument");
    *out = NULL;
    if (!name)
        name = "code object";
    if (data_bytes > ISA_CODEOBJ_MAX_FILE_BYTES)
        return amdpm4_seterr(-EFBIG, "%s: %zu bytes, larger than any code object amdpm4 "
                             "loads (%u MiB)", name, data_bytes, ISA_CODEOBJ_MAX_FILE_BYTES >> 20);
    /* A private copy: libelf takes a non-const pointer, and the caller's
     * buffer need not outlive the call. */
    copy = malloc(data_bytes ? data_bytes : 1);
    if (!copy)
        return amdpm4_seterr(-ENOMEM, "%s: out of memory (%zu bytes)", name, data_bytes);
    if (data_bytes)
        memcpy(copy, data, data_bytes);
    r = load_buffer(copy, data_bytes, name, out);
    free(copy);
    return r;
}

int isa_codeobj_load_file(const char *path, struct isa_codeobj **out)
{
    struct stat st;
    uint8_t *buf;
    size_t got;
    FILE *f;
    int r;

    if (!path || !out)
        return amdpm4_seterr(-EINVAL, "isa_codeobj_load_file: NULL argument");
    *out = NULL;
    f = fopen(path, "rb");
    if (!f)
        return amdpm4_seterr(-errno, "%s: cannot open: %s", path, strerror(errno));
    if (fstat(fileno(f), &st)) {
        r = amdpm4_seterr(-errno, "%s: cannot stat: %s", path, strerror(errno));
        fclose(f);
        return r;
    }
    if (!S_ISREG(st.st_mode)) {
        fclose(f);
        return amdpm4_seterr(-EINVAL, "%s: not a regular file", path);
    }
    if ((uint64_t)st.st_size > ISA_CODEOBJ_MAX_FILE_BYTES) {
        fclose(f);
        return amdpm4_seterr(-EFBIG, "%s: %lld bytes, larger than any code object "
                             "amdpm4 loads (%u MiB)", path, (long long)st.st_size,
                             ISA_CODEOBJ_MAX_FILE_BYTES >> 20);
    }
    buf = malloc(st.st_size ? (size_t)st.st_size : 1);
    if (!buf) {
        fclose(f);
        return amdpm4_seterr(-ENOMEM, "%s: out of memory", path);
    }
    got = fread(buf, 1, (size_t)st.st_size, f);
    if (ferror(f)) {
        r = amdpm4_seterr(-EIO, "%s: read error", path);
        goto out;
    }
    r = load_buffer(buf, got, path, out);
out:
    free(buf);
    fclose(f);
    return r;
}

int isa_codeobj_find_kernel(const struct isa_codeobj *co, const char *name,
                            const struct isa_kernel **out)
{
    char list[256];
    size_t n = 0;

    if (!co || !name || !out)
        return amdpm4_seterr(-EINVAL, "isa_codeobj_find_kernel: NULL argument");
    *out = NULL;
    for (uint32_t i = 0; i < co->kernel_count; i++) {
        if (!strcmp(co->kernels[i].name, name) || !strcmp(co->kernels[i].symbol, name)) {
            *out = &co->kernels[i];
            return 0;
        }
    }
    list[0] = '\0';
    for (uint32_t i = 0; i < co->kernel_count && n < sizeof(list); i++)
        n += (size_t)snprintf(list + n, sizeof(list) - n, "%s%s", i ? ", " : "",
                              co->kernels[i].name);
    return amdpm4_seterr(-ENOENT, "%s: no kernel '%s' (it has: %s)", co->source, name, list);
}

/* ------------------------------------------------------------------ launching */

int isa_kernel_dispatch_info(const struct isa_kernel *k, uint32_t dynamic_lds_bytes,
                             struct isa_dispatch_info *out)
{
    uint64_t lds;
    uint32_t sgpr = 0;

    if (!k || !out)
        return amdpm4_seterr(-EINVAL, "isa_kernel_dispatch_info: NULL argument");
    lds = (uint64_t)k->kd.group_segment_fixed_bytes + dynamic_lds_bytes;
    if (lds > ISA_LDS_MAX_BYTES)
        return amdpm4_seterr(-EINVAL, "kernel %s: %u bytes of static + %u bytes of dynamic "
                             "LDS exceed gfx1100's %u", k->name,
                             k->kd.group_segment_fixed_bytes, dynamic_lds_bytes,
                             ISA_LDS_MAX_BYTES);
    memset(out, 0, sizeof(*out));
    out->compute_pgm_rsrc1 = k->kd.compute_pgm_rsrc1;
    out->compute_pgm_rsrc2 = k->kd.compute_pgm_rsrc2;
    out->compute_pgm_rsrc3 = k->kd.compute_pgm_rsrc3;
    out->lds_bytes = (uint32_t)lds;
    out->lds_granules = (uint32_t)((lds + ISA_LDS_GRANULE_BYTES - 1) / ISA_LDS_GRANULE_BYTES);
    out->scratch_bytes_per_lane = k->kd.private_segment_fixed_bytes;
    out->scratch_bytes_per_wave = k->kd.private_segment_fixed_bytes * ISA_WAVE_LANES;
    out->uses_dynamic_stack =
        isa_kd_prop_get(k->kd.kernel_code_properties, ISA_KD_PROP_USES_DYNAMIC_STACK) != 0;
    out->kernarg_bytes = k->kd.kernarg_bytes;
    for (unsigned p = 0; p < ISA_KD_PROP_COUNT; p++) {
        if (!kd_props[p].user_sgprs || !isa_kd_prop_get(k->kd.kernel_code_properties, p))
            continue;
        out->user_sgprs[out->user_sgpr_ranges++] =
            (struct isa_user_sgpr){(enum isa_kd_prop)p, sgpr, kd_props[p].user_sgprs};
        sgpr += kd_props[p].user_sgprs;
    }
    out->user_sgpr_count = sgpr;
    return 0;
}

int isa_kernel_code_va(const struct isa_codeobj *co, const struct isa_kernel *k,
                       uint64_t image_va, uint64_t *code_va)
{
    if (!co || !k || !code_va)
        return amdpm4_seterr(-EINVAL, "isa_kernel_code_va: NULL argument");
    if (image_va % co->image_align_bytes)
        return amdpm4_seterr(-EINVAL, "%s: image VA 0x%llx is not %llu-byte aligned",
                             co->source, (unsigned long long)image_va,
                             (unsigned long long)co->image_align_bytes);
    if (k->code_offset_bytes > UINT64_MAX - image_va)
        return amdpm4_seterr(-EINVAL, "%s: image VA 0x%llx + code offset overflows",
                             co->source, (unsigned long long)image_va);
    *code_va = image_va + k->code_offset_bytes;
    return 0;
}

/* ------------------------------------------------------------------ listing */

static void list_kernel(FILE *f, const struct isa_kernel *k)
{
    struct isa_dispatch_info di;
    int kind_w = 4, name_w = 4;

    /* Cannot fail: the loader refused KDs with more LDS than the limit. */
    if (isa_kernel_dispatch_info(k, 0, &di))
        return;
    fprintf(f, "kernel %s (%s)\n", k->name, k->symbol);
    if (k->has_metadata && strcmp(k->md_name, k->name))
        fprintf(f, "  source name %s\n", k->md_name);
    fprintf(f, "  descriptor  image+0x%04llx\n", (unsigned long long)k->kd_offset_bytes);
    fprintf(f, "  code        image+0x%04llx, %llu bytes\n",
            (unsigned long long)k->code_offset_bytes, (unsigned long long)k->code_bytes);
    if (k->has_metadata)
        fprintf(f, "  registers   SGPRs %u, VGPRs %u, wave32\n", k->sgpr_count, k->vgpr_count);
    else
        fprintf(f, "  registers   wave32 (no metadata: SGPR/VGPR counts unknown)\n");
    if (k->has_metadata)
        fprintf(f, "  workgroup   at most %u work-items\n", k->max_flat_workgroup_size);
    fprintf(f, "  lds         %u bytes (%u granules of %u)\n", di.lds_bytes, di.lds_granules,
            ISA_LDS_GRANULE_BYTES);
    fprintf(f, "  scratch     %u bytes per work-item%s\n", di.scratch_bytes_per_lane,
            di.uses_dynamic_stack ? " + dynamic stack" : "");
    fprintf(f, "  rsrc        RSRC1 0x%08x  RSRC2 0x%08x  RSRC3 0x%08x\n",
            di.compute_pgm_rsrc1, di.compute_pgm_rsrc2, di.compute_pgm_rsrc3);
    fprintf(f, "  properties  0x%04x", k->kd.kernel_code_properties);
    for (unsigned p = 0; p < ISA_KD_PROP_COUNT; p++)
        if (isa_kd_prop_get(k->kd.kernel_code_properties, p))
            fprintf(f, " %s", kd_props[p].name);
    fprintf(f, "\n  user sgprs ");
    for (uint32_t i = 0; i < di.user_sgpr_ranges; i++) {
        const struct isa_user_sgpr *u = &di.user_sgprs[i];
        if (u->count == 1)
            fprintf(f, "%s s%u %s", i ? "," : "", u->first_sgpr, kd_props[u->what].name);
        else
            fprintf(f, "%s s[%u:%u] %s", i ? "," : "", u->first_sgpr,
                    u->first_sgpr + u->count - 1, kd_props[u->what].name);
    }
    fprintf(f, "%s\n", di.user_sgpr_ranges ? "" : " none");
    if (!k->has_metadata) {
        fprintf(f, "  kernarg     %u bytes (no metadata: layout unknown)\n", k->kd.kernarg_bytes);
        return;
    }
    fprintf(f, "  kernarg     %u bytes, aligned %u, %u argument%s\n", k->kernarg_segment_bytes,
            k->kernarg_segment_align_bytes, k->arg_count, k->arg_count == 1 ? "" : "s");
    if (!k->arg_count)
        return;
    for (uint32_t i = 0; i < k->arg_count; i++) {
        int w = (int)strlen(isa_arg_kind_name(k->args[i].kind));
        kind_w = w > kind_w ? w : kind_w;
        w = (int)strlen(k->args[i].name);
        name_w = w > name_w ? w : name_w;
    }
    fprintf(f, "    offset  size  %-*s  %-*s  space\n", name_w, "name", kind_w, "kind");
    for (uint32_t i = 0; i < k->arg_count; i++) {
        const struct isa_kernel_arg *a = &k->args[i];
        fprintf(f, "    0x%04x  %4u  %-*s  %-*s  %s\n", a->offset_bytes, a->size_bytes, name_w,
                a->name, kind_w, isa_arg_kind_name(a->kind),
                a->address_space ? isa_addr_space_name(a->address_space) : "-");
    }
}

int isa_codeobj_listing(const struct isa_codeobj *co, char **text)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f;

    if (!co || !text)
        return amdpm4_seterr(-EINVAL, "isa_codeobj_listing: NULL argument");
    *text = NULL;
    f = open_memstream(&buf, &len);
    if (!f)
        return amdpm4_seterr(-ENOMEM, "%s: listing: out of memory", co->source);
    fprintf(f, "%s: code object v%u, %s, image %llu bytes (align %llu), %u kernel%s%s\n",
            co->source, co->version, co->target, (unsigned long long)co->image_bytes,
            (unsigned long long)co->image_align_bytes, co->kernel_count,
            co->kernel_count == 1 ? "" : "s", co->has_metadata ? "" : ", no metadata");
    for (uint32_t i = 0; i < co->kernel_count; i++)
        list_kernel(f, &co->kernels[i]);
    if (fclose(f) || !buf) {
        free(buf);
        return amdpm4_seterr(-ENOMEM, "%s: listing: out of memory", co->source);
    }
    *text = buf;
    return 0;
}
