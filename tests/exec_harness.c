/* tests/exec_harness.c — see exec_harness.h. */
#include "tests/exec_harness.h"

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "isa/isa_enc.h"
#include "isa/isa_table.h"
#include "sim/exec_regs.h"
#include "sim/vm.h"
#include "tests/testutil.h"

#define PAGE 4096u

static int fail(char *err, size_t n, const char *msg, const char *detail)
{
    snprintf(err, n, "%s%s%s", msg, detail ? ": " : "", detail ? detail : "");
    return -1;
}

/* Read .text and the program symbols out of the object file. */
static int load_obj(struct xh *h, const char *path, char *err, size_t n)
{
    int fd = open(path, O_RDONLY);
    Elf *e;
    Elf_Scn *scn = NULL;
    size_t shstrndx, text_ndx = 0;
    int ret = -1;

    if (fd < 0)
        return fail(err, n, "cannot open the assembled object", strerror(errno));
    elf_version(EV_CURRENT);
    e = elf_begin(fd, ELF_C_READ, NULL);
    if (!e || elf_getshdrstrndx(e, &shstrndx)) {
        close(fd);
        return fail(err, n, "libelf cannot read the object", elf_errmsg(-1));
    }
    while ((scn = elf_nextscn(e, scn))) {
        GElf_Shdr sh;
        const char *name;

        gelf_getshdr(scn, &sh);
        name = elf_strptr(e, shstrndx, sh.sh_name);
        if (name && !strcmp(name, ".text")) {
            Elf_Data *d = elf_getdata(scn, NULL);
            if (!d || d->d_size > XH_CODE_BYTES)
                goto out;
            if (d->d_size)  /* an empty .text has no buffer */
                memcpy(h->code, d->d_buf, d->d_size);
            text_ndx = elf_ndxscn(scn);
        }
    }
    scn = NULL;
    while ((scn = elf_nextscn(e, scn))) {
        GElf_Shdr sh;
        Elf_Data *d;

        gelf_getshdr(scn, &sh);
        if (sh.sh_type != SHT_SYMTAB)
            continue;
        d = elf_getdata(scn, NULL);
        for (size_t i = 0; d && i < sh.sh_size / sh.sh_entsize; i++) {
            GElf_Sym s;
            const char *name;

            gelf_getsym(d, (int)i, &s);
            name = elf_strptr(e, sh.sh_link, s.st_name);
            if (!name || s.st_shndx != text_ndx)
                continue;
            for (size_t k = 0; k < h->nprogs; k++)
                if (!strcmp(name, h->progs[k].name))
                    h->offset[k] = s.st_value;
        }
    }
    ret = 0;
out:
    if (ret)
        fail(err, n, "the assembled .text is missing or too large", NULL);
    elf_end(e);
    close(fd);
    return ret;
}

int xh_init(struct xh *h, const struct xh_prog *progs, size_t n, char *err, size_t err_bytes)
{
    char dir[] = "/tmp/amdpm4-xh-XXXXXX";
    char src[64], obj[64];
    FILE *f;
    struct test_run r;
    int ret;

    memset(h, 0, sizeof(*h));
    h->progs = progs;
    h->nprogs = n;
    h->offset = calloc(n ? n : 1, sizeof(*h->offset));
    h->vm = sim_vm_create();
    if (posix_memalign((void **)&h->code, PAGE, XH_CODE_BYTES) ||
        posix_memalign((void **)&h->data, PAGE, XH_DATA_BYTES) ||
        posix_memalign((void **)&h->scratch, PAGE, XH_SCRATCH_BYTES) || !h->offset || !h->vm)
        return fail(err, err_bytes, "out of memory", NULL);
    memset(h->code, 0, XH_CODE_BYTES);
    memset(h->data, 0, XH_DATA_BYTES);
    memset(h->scratch, 0, XH_SCRATCH_BYTES);
    if (sim_vm_map(h->vm, XH_CODE_VA, XH_CODE_BYTES, h->code, SIM_VM_READ | SIM_VM_EXEC, 1, 0) ||
        sim_vm_map(h->vm, XH_DATA_VA, XH_DATA_BYTES, h->data, SIM_VM_READ | SIM_VM_WRITE, 2, 0) ||
        sim_vm_map(h->vm, XH_SCRATCH_VA, XH_SCRATCH_BYTES, h->scratch,
                   SIM_VM_READ | SIM_VM_WRITE, 3, 0))
        return fail(err, err_bytes, "cannot map the harness buffers", NULL);

    if (!mkdtemp(dir))
        return fail(err, err_bytes, "mkdtemp", strerror(errno));
    snprintf(src, sizeof(src), "%s/p.s", dir);
    snprintf(obj, sizeof(obj), "%s/p.o", dir);
    f = fopen(src, "w");
    if (!f)
        return fail(err, err_bytes, "cannot write the assembly", strerror(errno));
    fprintf(f, ".text\n");
    for (size_t i = 0; i < n; i++)
        fprintf(f, ".p2align 8\n.globl %s\n%s:\n%s\ns_code_end\n", progs[i].name, progs[i].name,
                progs[i].src);
    fclose(f);
    {
        char *argv[] = {LLVM_MC_PATH, "-triple=amdgcn-amd-amdhsa", "-mcpu=gfx1100",
                        "-filetype=obj", "-o", obj, src, NULL};
        ret = test_run(&r, argv, NULL, NULL);
    }
    if (ret || r.exit_code) {
        fail(err, err_bytes, "llvm-mc failed", ret ? strerror(-ret) : r.err);
        if (!ret)
            test_run_free(&r);
        return -1;
    }
    test_run_free(&r);
    ret = load_obj(h, obj, err, err_bytes);
    unlink(src);
    unlink(obj);
    rmdir(dir);
    return ret;
}

void xh_fini(struct xh *h)
{
    sim_vm_destroy(h->vm);
    free(h->code);
    free(h->data);
    free(h->scratch);
    free(h->offset);
    memset(h, 0, sizeof(*h));
}

uint64_t xh_find(const struct xh *h, const char *name)
{
    for (size_t i = 0; i < h->nprogs; i++)
        if (!strcmp(h->progs[i].name, name))
            return XH_CODE_VA + h->offset[i];
    return 0;
}

uint32_t xh_put_code(struct xh *h, uint64_t offset_bytes, const uint32_t *words, size_t n)
{
    uint32_t endpgm = (uint32_t)ISA_SOPP_PREFIX << 23 |
                      (uint32_t)isa_op_info[ISA_OP_s_endpgm].opcode << 16;
    uint32_t *dst = (uint32_t *)(h->code + offset_bytes);

    if (offset_bytes % 256 || offset_bytes > XH_CODE_BYTES ||
        n + XH_ENDPGM_PAD_DW > (XH_CODE_BYTES - offset_bytes) / 4)
        return 0;
    memcpy(dst, words, n * 4);
    for (size_t i = 0; i < XH_ENDPGM_PAD_DW; i++)
        dst[n + i] = endpgm;
    return (uint32_t)((XH_CODE_VA + offset_bytes) >> 8);
}

static void put(enum pm4_field f, uint32_t *reg, uint32_t v)
{
    int r = pm4_set(f, reg, v);

    assert(!r);     /* xh_launch_from_bytes keeps every value in range */
    (void)r;
}

void xh_launch_from_bytes(const uint8_t hdr[XH_RAND_HDR_BYTES], struct xh_launch *l)
{
    memset(l, 0, sizeof(*l));
    put(PM4_F_COMPUTE_PGM_RSRC1_VGPRS, &l->rsrc1, hdr[0] & 31u);
    put(PM4_F_COMPUTE_PGM_RSRC1_FLOAT_MODE, &l->rsrc1, hdr[7]);
    put(PM4_F_COMPUTE_PGM_RSRC1_DX10_CLAMP, &l->rsrc1, hdr[8] & 1u);
    put(PM4_F_COMPUTE_PGM_RSRC1_IEEE_MODE, &l->rsrc1, hdr[8] >> 1 & 1u);
    put(PM4_F_COMPUTE_PGM_RSRC1_FP16_OVFL, &l->rsrc1, hdr[8] >> 2 & 1u);
    /* xh_run takes 0 for its default; PRIORITY (not simulated) keeps a
     * zero RSRC1 zero.  A zero RSRC2 gets the default's 2 user SGPRs. */
    if (!l->rsrc1)
        put(PM4_F_COMPUTE_PGM_RSRC1_PRIORITY, &l->rsrc1, 1);
    put(PM4_F_COMPUTE_PGM_RSRC2_USER_SGPR, &l->rsrc2, hdr[1] % 17u);
    put(PM4_F_COMPUTE_PGM_RSRC2_TGID_X_EN, &l->rsrc2, hdr[2] & 1u);
    put(PM4_F_COMPUTE_PGM_RSRC2_TGID_Y_EN, &l->rsrc2, hdr[2] >> 1 & 1u);
    put(PM4_F_COMPUTE_PGM_RSRC2_TGID_Z_EN, &l->rsrc2, hdr[2] >> 2 & 1u);
    put(PM4_F_COMPUTE_PGM_RSRC2_TG_SIZE_EN, &l->rsrc2, hdr[2] >> 3 & 1u);
    put(PM4_F_COMPUTE_PGM_RSRC2_SCRATCH_EN, &l->rsrc2, hdr[2] >> 4 & 1u);
    put(PM4_F_COMPUTE_PGM_RSRC2_TIDIG_COMP_CNT, &l->rsrc2, hdr[2] >> 5 & 3u);
    put(PM4_F_COMPUTE_PGM_RSRC2_LDS_SIZE, &l->rsrc2, hdr[3] % 129u);
    l->wg[0] = 1u + hdr[4] % 128u;
    l->wg[1] = 1u + (hdr[5] & 3u);
    l->wg[2] = 1u + (hdr[5] >> 2 & 1u);
    l->partial[0] = hdr[6] % 128u;
    l->grid[0] = 1u + (hdr[2] >> 7);
    put(PM4_F_COMPUTE_TMPRING_SIZE_WAVES, &l->tmpring, 32);
    put(PM4_F_COMPUTE_TMPRING_SIZE_WAVESIZE, &l->tmpring, XH_SCRATCH_BYTES / 32 / 256);
    l->scratch_va = XH_SCRATCH_VA;
    l->set_user = 1;
    for (unsigned i = 0; i < 16; i += 2) {
        uint64_t va = XH_DATA_VA + (i ? (uint64_t)hdr[9 + (i / 2 - 1) % 3] << 8 : 0);
        l->user[i] = (uint32_t)va;
        l->user[i + 1] = (uint32_t)(va >> 32);
    }
}

void xh_env_from_bytes(const uint8_t hdr[XH_RAND_HDR_BYTES])
{
    static const struct { const char *name, *value; } sw[3] = {
        {"AMDPM4_SIM_STRICT_WAITCNT", "1"},
        {"AMDPM4_SIM_STRICT_LDS", "1"},
        {"AMDPM4_SIM_TRACE", "out=/dev/null"},
    };

    for (unsigned i = 0; i < 3; i++) {
        if (hdr[8] >> (3 + i) & 1u)
            setenv(sw[i].name, sw[i].value, 1);
        else
            unsetenv(sw[i].name);
    }
}

const char *xh_result_wrong(int r, const struct sim_fault *f)
{
    if (r == 0)
        return f->kind == SIM_FAULT_NONE ? NULL : "returned 0 with a fault kind set";
    if (r > 0)
        return "returned a positive value";
    if (f->kind == SIM_FAULT_NONE)
        return "returned an error without a fault kind";
    if (!memchr(f->msg, 0, sizeof(f->msg)))
        return "the fault message is not terminated";
    if (!f->msg[0])
        return "the fault has no message";
    return NULL;
}

#define SET(name, v) sh[PM4_DW_##name - SIM_SH_REG_FIRST] = (v)

int xh_run(struct xh *h, const struct xh_launch *l, struct sim_fault *f,
           struct sim_dispatch_stats *st)
{
    uint32_t sh[SIM_SH_REG_COUNT];
    uint64_t code = l->prog ? xh_find(h, l->prog) : 0;
    struct sim_dispatch d;
    static const unsigned user_regs[16] = {
        PM4_DW_COMPUTE_USER_DATA_0, PM4_DW_COMPUTE_USER_DATA_1,
        PM4_DW_COMPUTE_USER_DATA_2, PM4_DW_COMPUTE_USER_DATA_3,
        PM4_DW_COMPUTE_USER_DATA_4, PM4_DW_COMPUTE_USER_DATA_5,
        PM4_DW_COMPUTE_USER_DATA_6, PM4_DW_COMPUTE_USER_DATA_7,
        PM4_DW_COMPUTE_USER_DATA_8, PM4_DW_COMPUTE_USER_DATA_9,
        PM4_DW_COMPUTE_USER_DATA_10, PM4_DW_COMPUTE_USER_DATA_11,
        PM4_DW_COMPUTE_USER_DATA_12, PM4_DW_COMPUTE_USER_DATA_13,
        PM4_DW_COMPUTE_USER_DATA_14, PM4_DW_COMPUTE_USER_DATA_15,
    };

    memset(f, 0, sizeof(*f));
    memset(sh, 0, sizeof(sh));
    if (l->prog && !code) {
        snprintf(f->msg, sizeof(f->msg), "harness: no program %s", l->prog);
        return -ENOENT;
    }
    /* PGM_LO/HI hold the address >> 8 */
    SET(COMPUTE_PGM_LO, l->pgm_override ? l->pgm_override : (uint32_t)(code >> 8));
    SET(COMPUTE_PGM_HI, l->pgm_override ? 0 : (uint32_t)(code >> 40));
    SET(COMPUTE_PGM_RSRC1, l->rsrc1 ? l->rsrc1 : XH_RSRC1_DEFAULT);
    SET(COMPUTE_PGM_RSRC2, l->rsrc2 ? l->rsrc2 : XH_RSRC2_DEFAULT);
    SET(COMPUTE_PGM_RSRC3, l->rsrc3);
    SET(COMPUTE_NUM_THREAD_X, (l->wg[0] ? l->wg[0] : 32) | l->partial[0] << 16);
    SET(COMPUTE_NUM_THREAD_Y, (l->wg[1] ? l->wg[1] : 1) | l->partial[1] << 16);
    SET(COMPUTE_NUM_THREAD_Z, (l->wg[2] ? l->wg[2] : 1) | l->partial[2] << 16);
    SET(COMPUTE_START_X, l->start[0]);
    SET(COMPUTE_START_Y, l->start[1]);
    SET(COMPUTE_START_Z, l->start[2]);
    SET(COMPUTE_TMPRING_SIZE, l->tmpring);
    SET(COMPUTE_DISPATCH_SCRATCH_BASE_LO, (uint32_t)(l->scratch_va >> 8));
    SET(COMPUTE_DISPATCH_SCRATCH_BASE_HI, (uint32_t)(l->scratch_va >> 40));
    for (int i = 0; i < 16; i++)
        sh[user_regs[i] - SIM_SH_REG_FIRST] = l->user[i];
    if (!l->set_user) {
        sh[user_regs[0] - SIM_SH_REG_FIRST] = (uint32_t)XH_DATA_VA;
        sh[user_regs[1] - SIM_SH_REG_FIRST] = (uint32_t)(XH_DATA_VA >> 32);
    }
    memset(&d, 0, sizeof(d));
    d.vm = h->vm;
    d.sh_regs = sh;
    for (int i = 0; i < 3; i++)
        d.dim[i] = l->grid[i] ? l->grid[i] : 1;
    d.initiator = l->initiator ? l->initiator : XH_INITIATOR_W32;
    d.deadline_ns = l->deadline_ns;
    d.stats = st;
    return sim_exec_dispatch(&d, f);
}
