// vkref/shaders/attention.glsl — flash-attention forward, one pass over the
// keys with an online softmax; included by attention*.comp, which define
// the fp16 storage:
//   PAIR_T            a pair of fp16 values as stored in buffers and shared
//                     memory (f16vec2, or a 32-bit word)
//   PAIR_F(p)         the pair as vec2
//   PAIR_STORE(v)     vec2 -> PAIR_T
//
// Q[B,H,Sq,D], K and V [B,H,Skv,D], O [B,H,Sq,D] (fp16), LSE [B,H,Sq] (fp32).
// Workgroup (x, y, z) = (query block, head, batch); BR = 16 query rows,
// 128 invocations: row r = lid / 8, and 8 invocations per row (sub = lid % 8).
// Per key block of BC = 32 keys (K and V staged in shared memory):
//   scores   each invocation 4 of its row's 32: keys sub + 8·u
//   softmax  running max m and sum l per row in fp32, in log2 units (the
//            scale is multiplied by log2 e once, exp2 throughout)
//   P·V      each invocation D/16 column pairs of its row: pairs sub + 8·v
// O = acc / l, LSE = (m + log2 l)·ln 2.  Masked keys (beyond Skv, or
// j > i + Skv - Sq when causal) score -inf; a row with no visible key gets
// O = 0 and LSE = -inf.  D is a specialization constant (64 or 128).

layout(local_size_x = 128) in;
layout(constant_id = 0) const uint D = 64;
layout(push_constant) uniform Push {
    uint Sq, Skv, H;
    uint causal;        // 0 or 1
    float scale_log2;   // softmax scale · log2 e
} pc;

const uint BR = 16, BC = 32;
#define NEG_INF uintBitsToFloat(0xff800000u)
const uint DP = D / 2;          // pairs per row
const uint VP = DP / 8;         // column pairs per invocation

shared vec2 Qs[BR][DP];                 // pre-scaled queries, fp32
shared PAIR_T Ks[BC][DP + 1];           // +1 pair: rows land on different banks
shared PAIR_T Vs[BC][DP];
shared float Ss[BR][BC + 1];
shared float Ps[BR][BC + 1];

void main()
{
    const uint lid = gl_LocalInvocationID.x;
    const uint r = lid / 8, sub = lid % 8;
    const uint i0 = gl_WorkGroupID.x * BR, i = i0 + r;
    const uint bh = gl_WorkGroupID.z * pc.H + gl_WorkGroupID.y;
    const uint q_base = bh * pc.Sq * DP, kv_base = bh * pc.Skv * DP;
    // Last key any row of this block sees: the block's last row's limit.
    const uint i_last = min(i0 + BR, pc.Sq) - 1;
    uint n_keys = pc.Skv;
    if (pc.causal != 0)
        n_keys = i_last + pc.Skv >= pc.Sq ? i_last + pc.Skv - pc.Sq + 1 : 0;
    // This row's limit: keys j < row_keys are visible.
    uint row_keys = pc.Skv;
    if (pc.causal != 0)
        row_keys = i + pc.Skv >= pc.Sq ? min(i + pc.Skv - pc.Sq + 1, pc.Skv) : 0;

    for (uint e = lid; e < BR * DP; e += 128) {
        uint rr = e / DP, w = e % DP;
        Qs[rr][w] = i0 + rr < pc.Sq ? PAIR_F(buf_q[q_base + (i0 + rr) * DP + w]) * pc.scale_log2
                                    : vec2(0.0);
    }

    float m = NEG_INF, l = 0.0;
    vec2 acc[VP];
    for (uint v = 0; v < VP; v++)
        acc[v] = vec2(0.0);

    for (uint j0 = 0; j0 < n_keys; j0 += BC) {
        barrier();      // previous block's K, V, P are no longer read
        for (uint e = lid; e < BC * DP; e += 128) {
            uint c = e / DP, w = e % DP;
            bool in_range = j0 + c < pc.Skv;
            Ks[c][w] = in_range ? buf_k[kv_base + (j0 + c) * DP + w] : PAIR_STORE(vec2(0.0));
            Vs[c][w] = in_range ? buf_v[kv_base + (j0 + c) * DP + w] : PAIR_STORE(vec2(0.0));
        }
        barrier();
        for (uint u = 0; u < BC / 8; u++) {
            uint c = sub + 8 * u;
            float s = NEG_INF;
            if (j0 + c < row_keys) {
                s = 0.0;
                for (uint w = 0; w < DP; w++) {
                    vec2 k = PAIR_F(Ks[c][w]);
                    s = fma(Qs[r][w].x, k.x, s);
                    s = fma(Qs[r][w].y, k.y, s);
                }
            }
            Ss[r][c] = s;
        }
        barrier();
        float m_blk = NEG_INF;
        for (uint c = 0; c < BC; c++)
            m_blk = max(m_blk, Ss[r][c]);
        float m_new = max(m, m_blk);
        // m = -inf: nothing seen yet, acc and l are 0 (and exp2(-inf) is
        // not relied on).
        float alpha = m == NEG_INF ? 0.0 : exp2(m - m_new);
        for (uint u = 0; u < BC / 8; u++) {
            uint c = sub + 8 * u;
            float s = Ss[r][c];
            Ps[r][c] = s == NEG_INF ? 0.0 : exp2(s - m_new);
        }
        barrier();
        l *= alpha;
        for (uint v = 0; v < VP; v++)
            acc[v] *= alpha;
        for (uint c = 0; c < BC; c++) {
            float p = Ps[r][c];
            l += p;
            for (uint v = 0; v < VP; v++)
                acc[v] = fma(vec2(p), PAIR_F(Vs[c][sub + 8 * v]), acc[v]);
        }
        m = m_new;
    }

    if (i < pc.Sq) {
        const uint o_base = bh * pc.Sq * DP + i * DP;
        float inv_l = l > 0.0 ? 1.0 / l : 0.0;
        for (uint v = 0; v < VP; v++)
            buf_o[o_base + sub + 8 * v] = PAIR_STORE(acc[v] * inv_l);
        if (sub == 0)
            buf_lse[bh * pc.Sq + i] = l > 0.0 ? (m + log2(l)) * 0.69314718055994531 : NEG_INF;
    }
}
