/*
 * sim/exec_smem.c — scalar memory loads (SMEM): s_load_b32..b512 and
 * s_buffer_load_*, plus the cache controls.
 *
 * Address: sbase (an SGPR pair; s_buffer_*: the base of a buffer resource)
 * + 21-bit signed offset + soffset SGPR; the low two bits are ignored
 * (ISA guide: SMEM addresses are dword aligned).
 */
#include "sim/exec_mem.h"

EMU_ANCHOR(smem);

static int smem_load(struct sim_wave *w, const struct exec_inst *in, bool buffer)
{
    const struct exec_opnd *b = &in->src[0];
    uint64_t base = w->s[b->reg] | (uint64_t)w->s[b->reg + 1] << 32;
    uint32_t soff = in->src[1].kind ? exec_opnd_u32(w, &in->src[1]) : 0;
    unsigned ndw = in->data1;
    uint32_t data[16];
    uint64_t va;
    int r;

    if (buffer)
        base = exec_vsharp_read(w, b->reg).base;
    va = (base + (uint64_t)(int64_t)in->offset + soff) & ~3ull;
    if (buffer) {
        /* s_buffer_load: dwords past num_records read as 0 */
        uint64_t limit = exec_vsharp_read(w, b->reg).records;
        uint64_t rel = va - base;
        memset(data, 0, sizeof(data));
        for (unsigned k = 0; k < ndw; k++) {
            if (rel + 4 * k + 4 <= limit) {
                r = exec_mem_read(w, va + 4 * k, &data[k], 4);
                if (r)
                    return r;
            }
        }
    } else {
        r = exec_mem_read(w, va, data, ndw * 4);
        if (r)
            return r;
    }
    w->st->smem_bytes_loaded += ndw * 4;
    if (w->disp->strict_waitcnt)
        return exec_pending_add(w, EXEC_CNT_LGKM, true, true, in->data0, ndw, 0, ~0u, data);
    for (unsigned k = 0; k < ndw; k++)
        exec_sreg_write(w, in->data0 + k, data[k]);
    return EXEC_NEXT;
}

EMU(s_load_b32) { return smem_load(w, in, false); }
EMU(s_load_b64) { return smem_load(w, in, false); }
EMU(s_load_b128) { return smem_load(w, in, false); }
EMU(s_load_b256) { return smem_load(w, in, false); }
EMU(s_load_b512) { return smem_load(w, in, false); }
EMU(s_buffer_load_b32) { return smem_load(w, in, true); }
EMU(s_buffer_load_b64) { return smem_load(w, in, true); }
EMU(s_buffer_load_b128) { return smem_load(w, in, true); }
EMU(s_buffer_load_b256) { return smem_load(w, in, true); }
EMU(s_buffer_load_b512) { return smem_load(w, in, true); }

/* Cache invalidations: the simulator has no caches. */
EMU(s_gl1_inv) { return EXEC_NEXT; }
EMU(s_dcache_inv) { return EXEC_NEXT; }

/* Address-translation probes: no translation cache to probe. */
EMU(s_atc_probe) { return EXEC_NEXT; }
EMU(s_atc_probe_buffer) { return EXEC_NEXT; }
