/*
 * kernels/ops_ref.c — the CPU reference of every op, in plain C with fp64
 * arithmetic, and the tolerance each output element is held to.
 *
 * The reference returns, per output element, the exact-as-fp64 value `want`
 * and a bound `tol`; a device result passes if |got - want| <= tol.  The
 * bounds are derived below from the arithmetic the op is defined with, for
 * any correct implementation (any summation order, with or without FMA), so
 * a correct kernel never fails and a wrong one has little room.
 *
 * Rounding units used throughout:
 *   U32 = 2^-23: one fp32 ulp relative.  Vulkan requires fp32 add and
 *         multiply to be correctly rounded but lets the rounding go either
 *         way (to nearest or toward zero), so a step may cost a whole ulp,
 *         not the half ulp (2^-24) of round-to-nearest.
 *   U16 = 2^-10: one fp16 ulp relative, for narrowing to fp16, whose
 *         rounding direction Vulkan leaves to the implementation; below the
 *         fp16 normal range the step is absolute: 2^-24.
 */
#include "kernels/ops.h"
#include "pm4/log.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define U32 0x1p-23
#define U16 0x1p-10
#define F16_SUBNORMAL_STEP 0x1p-24

/* Confidence factor of the probabilistic bound below. */
#define LAMBDA 8.0

/*
 * Relative bound for a dot product of n terms accumulated in fp32:
 * |fl(x·y) - x·y| <= eps · Σ|x_i·y_i|.
 *
 * The worst case is gamma_n = n·u/(1 - n·u) (Higham, Accuracy and Stability
 * of Numerical Algorithms, 2nd ed., §3.1), valid for any order and with
 * FMA.  It grows like n and becomes useless (a whole term's size) for
 * K in the thousands, so for large n the probabilistic bound of Higham &
 * Mary (SIAM J. Sci. Comput. 41(5), 2019, Thm 2.4) is used instead:
 * gamma~_n(λ) = exp(λ·√n·u + n·u²/(1-u)) - 1, which holds with probability
 * at least 1 - 2n·exp(-λ²(1-u)²/2) when rounding errors are independent
 * and mean-zero.  λ = 8 puts the failure probability below n·2.6e-14 per
 * element: about 1e-3 over the 16M outputs of a 4096³ product.  The bound
 * grows like √K.
 */
static double dot_eps(double n)
{
    double gamma = n * U32 < 0.5 ? n * U32 / (1 - n * U32) : INFINITY;
    double prob = expm1(LAMBDA * sqrt(n) * U32 + n * U32 * U32 / (1 - U32));
    return gamma < prob ? gamma : prob;
}

uint64_t kern_ref_rows(const struct kern_shape *s)
{
    switch (s->op) {
    case KERN_OP_MATMUL_F32:
    case KERN_OP_MATMUL_F16:
        return s->mm.m;
    case KERN_OP_ATTENTION_F16:
        return (uint64_t)s->attn.batch * s->attn.heads * s->attn.seq;
    case KERN_OP_COPY:
    case KERN_OP_FILL:
        return s->mem.bytes;
    default:
        return 0;
    }
}

/* fp16 bits -> double for all 65536 patterns, so the inner loops do a
 * lookup instead of a conversion. */
static double *f16_table(void)
{
    double *t = malloc(65536 * sizeof(*t));

    if (t)
        for (unsigned i = 0; i < 65536; i++)
            t[i] = kern_f16_to_f64((uint16_t)i);
    return t;
}

/*
 * matmul_f32 / matmul_f16: C[m,n] = Σ_k A[m,k]·B[k,n], summed in fp64 (whose
 * own error, K·2^-53 relative, is negligible beside the bound).
 *
 * Tolerance: tol = dot_eps(K) · Σ_k |A[m,k]·B[k,n]|.
 *   fp32 inputs: each product and each addition rounds in fp32: the
 *   dot-product bound above.
 *   fp16 inputs: the inputs carry 11 significant bits, so every product
 *   (22 bits) is exact in fp32 and only the fp32 accumulation rounds: the
 *   same bound covers it with room to spare.
 *   fp16 output: the fp32 sum is then narrowed to fp16, adding one fp16 ulp
 *   of the (already perturbed) result:
 *   tol16 = tol·(1 + U16) + U16·|want| + 2^-24.
 *   With inputs in [-1, 1) |C| <= K, far inside fp16's range for any K the
 *   generator can feed, so overflow to infinity is not a concern.
 */
static void ref_matmul(const struct kern_bufs *b, uint64_t row0, uint64_t n_rows, double *want,
                       double *tol, const double *f16)
{
    const struct kern_matmul_shape *mm = &b->shape.mm;
    const bool in16 = b->shape.op == KERN_OP_MATMUL_F16;
    const uint64_t N = mm->n, K = mm->k;
    const double eps = dot_eps((double)K);

    for (uint64_t r = 0; r < n_rows; r++) {
        const uint64_t m = row0 + r;
        double *w = want + r * N, *t = tol + r * N;

        memset(w, 0, N * sizeof(*w));
        memset(t, 0, N * sizeof(*t));
        for (uint64_t k = 0; k < K; k++) {
            if (in16) {
                const uint16_t *brow = (const uint16_t *)b->data[1] + k * N;
                double a = f16[((const uint16_t *)b->data[0])[m * K + k]];
                for (uint64_t n = 0; n < N; n++) {
                    double p = a * f16[brow[n]];
                    w[n] += p;
                    t[n] += fabs(p);
                }
            } else {
                const float *brow = (const float *)b->data[1] + k * N;
                double a = ((const float *)b->data[0])[m * K + k];
                for (uint64_t n = 0; n < N; n++) {
                    double p = a * brow[n];
                    w[n] += p;
                    t[n] += fabs(p);
                }
            }
        }
        for (uint64_t n = 0; n < N; n++) {
            t[n] *= eps;
            if (mm->out == KERN_F16)
                t[n] = t[n] * (1 + U16) + U16 * fabs(w[n]) + F16_SUBNORMAL_STEP;
        }
    }
}

/*
 * attention_f16, one query row (b, h, i):
 *   s_j = scale · Σ_d Q[i,d]·K[j,d]   for the visible keys j
 *         (all, or j <= i + Skv - Sq when causal)
 *   m = max_j s_j,  p_j = exp(s_j - m),  l = Σ_j p_j
 *   O[i,d] = Σ_j p_j·V[j,d] / l,        LSE[i] = m + ln l
 * the textbook softmax in fp64.  A row that sees no key (causal, Skv < Sq,
 * i < Sq - Skv) has O = 0 and LSE = -inf, as FlashAttention returns; both
 * are required exactly.
 *
 * Tolerance.  A flash-attention kernel computes the scores in fp32, the
 * exponentials with exp2 (log2 e folded into the scale), may round P to
 * fp16 before P·V (as matrix units need), accumulates P·V and l in fp32
 * with a rescale per key block, and narrows O to fp16.  Per row:
 *   sigma = dot_eps(D) · scale · max_j Σ_d|Q·K| + 2·U32 · max_j |s_j|
 *       bounds each score's error (the dot product, then the scale and
 *       log2 e multiplies);
 *   dp = (3 + 2·|x|max)·U32 + U16 + 2·dot_eps(n)
 *       bounds the relative error of each computed p_j beyond that: exp2's
 *       Vulkan precision (3 + 2|x| ulp at x = (s_j - m)·log2 e), the fp16
 *       rounding of P, and the fp32 sums over the n visible keys with their
 *       rescales;
 *   softmax weights p_j/l then carry relative error <= 2·sigma + dp, and
 *   O = Σ w_j V_j moves by at most twice that times A_d = Σ_j w_j·|V[j,d]|
 *   (numerator and normaliser both perturbed):
 *       tol_O = 2·(2·sigma + dp)·A_d + U16·|O| + 2^-24   (fp16 output);
 *   LSE is 1-Lipschitz in the scores (max norm) and moves by ln(1 + dp)
 *   <= dp with l; the final fp32 log2, multiply and add cost a few ulps of
 *   |LSE| and |m| and Vulkan's absolute 2^-21 for log2 near 1:
 *       tol_LSE = sigma + dp + 4·U32·(|LSE| + |m|) + 2^-21.
 */
struct attn_scratch {
    double *s, *a;      /* per key: score, scale·Σ|q·k| */
};

static void ref_attention(const struct kern_bufs *b, uint64_t row0, uint64_t n_rows,
                          double *want_o, double *tol_o, double *want_l, double *tol_l,
                          const double *f16, struct attn_scratch *sc)
{
    const struct kern_attention_shape *at = &b->shape.attn;
    const uint64_t D = at->dim, Sq = at->seq, Skv = at->seq_kv;
    const uint16_t *Q = b->data[0], *K = b->data[1], *V = b->data[2];
    const double scale = at->scale, eps_d = dot_eps((double)D);

    for (uint64_t r = 0; r < n_rows; r++) {
        const uint64_t row = row0 + r, i = row % Sq, bh = row / Sq;
        const uint16_t *q = Q + row * D;
        const uint16_t *kb = K + bh * Skv * D, *vb = V + bh * Skv * D;
        double *o = want_o + r * D, *to = tol_o + r * D;
        uint64_t n = Skv;
        double m = -INFINITY, smin = INFINITY, amax = 0, smax_abs = 0, l = 0;
        double sigma, dp, x_max;

        if (at->causal) {
            /* keys j <= i + Skv - Sq: n = max(0, i + Skv - Sq + 1) (<= Skv) */
            n = i + Skv >= Sq ? i + Skv - Sq + 1 : 0;
        }
        if (!n) {
            memset(o, 0, D * sizeof(*o));
            memset(to, 0, D * sizeof(*to));
            want_l[r] = -INFINITY;
            tol_l[r] = 0;
            continue;
        }
        for (uint64_t j = 0; j < n; j++) {
            const uint16_t *k = kb + j * D;
            double dot = 0, abs_dot = 0;
            for (uint64_t d = 0; d < D; d++) {
                double p = f16[q[d]] * f16[k[d]];
                dot += p;
                abs_dot += fabs(p);
            }
            sc->s[j] = scale * dot;
            sc->a[j] = scale * abs_dot;
            m = fmax(m, sc->s[j]);
            smin = fmin(smin, sc->s[j]);
            amax = fmax(amax, sc->a[j]);
            smax_abs = fmax(smax_abs, fabs(sc->s[j]));
        }
        memset(o, 0, D * sizeof(*o));
        memset(to, 0, D * sizeof(*to));     /* accumulates Σ p·|V| first */
        for (uint64_t j = 0; j < n; j++) {
            const uint16_t *v = vb + j * D;
            double p = exp(sc->s[j] - m);
            l += p;
            for (uint64_t d = 0; d < D; d++) {
                double x = f16[v[d]];
                o[d] += p * x;
                to[d] += p * fabs(x);
            }
        }
        sigma = eps_d * amax + 2 * U32 * smax_abs;
        x_max = (m - smin) * M_LOG2E;
        dp = (3 + 2 * x_max) * U32 + U16 + 2 * dot_eps((double)n);
        for (uint64_t d = 0; d < D; d++) {
            o[d] /= l;
            to[d] = 2 * (2 * sigma + dp) * (to[d] / l) + U16 * fabs(o[d]) + F16_SUBNORMAL_STEP;
        }
        want_l[r] = m + log(l);
        tol_l[r] = sigma + dp + 4 * U32 * (fabs(want_l[r]) + fabs(m)) + 0x1p-21;
    }
}

/* copy: dst = src; fill: dst = the pattern's bytes.  Bit-exact (tol 0). */
static void ref_bytes(const struct kern_bufs *b, uint64_t row0, uint64_t n_rows, double *want,
                      double *tol)
{
    const uint32_t pattern = kern_fill_pattern(b->seed);

    for (uint64_t r = 0; r < n_rows; r++) {
        const uint64_t i = row0 + r;
        want[r] = b->shape.op == KERN_OP_COPY ? ((const uint8_t *)b->data[0])[i]
                                              : (double)((pattern >> (8 * (i % 4))) & 0xff);
        tol[r] = 0;
    }
}

int kern_reference_rows(const struct kern_bufs *b, uint64_t row0, uint64_t n_rows,
                        double *const want[], double *const tol[])
{
    const struct kern_shape *s = &b->shape;
    const uint64_t rows = kern_ref_rows(s);
    double *f16 = NULL;
    int r = kern_bufs_match(b);

    if (r)
        return r;
    if (row0 > rows || n_rows > rows - row0)
        return amdpm4_seterr(-EINVAL, "reference rows %llu..%llu outside %s's %llu rows",
                             (unsigned long long)row0, (unsigned long long)(row0 + n_rows),
                             kern_op_name(s->op), (unsigned long long)rows);
    if (!n_rows)
        return 0;

    switch (s->op) {
    case KERN_OP_MATMUL_F32:
        ref_matmul(b, row0, n_rows, want[0], tol[0], NULL);
        break;
    case KERN_OP_MATMUL_F16:
        if (!(f16 = f16_table()))
            return amdpm4_seterr(-ENOMEM, "reference: out of memory");
        ref_matmul(b, row0, n_rows, want[0], tol[0], f16);
        break;
    case KERN_OP_ATTENTION_F16: {
        struct attn_scratch sc = {
            .s = malloc(s->attn.seq_kv * sizeof(double)),
            .a = malloc(s->attn.seq_kv * sizeof(double)),
        };
        f16 = f16_table();
        if (f16 && sc.s && sc.a)
            ref_attention(b, row0, n_rows, want[0], tol[0], want[1], tol[1], f16, &sc);
        else
            r = amdpm4_seterr(-ENOMEM, "reference: out of memory");
        free(sc.s);
        free(sc.a);
        break;
    }
    case KERN_OP_COPY:
    case KERN_OP_FILL:
        ref_bytes(b, row0, n_rows, want[0], tol[0]);
        break;
    default:
        break;
    }
    free(f16);
    return r;
}
