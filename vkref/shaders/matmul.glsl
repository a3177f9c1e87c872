// vkref/shaders/matmul.glsl — C[M,N] = A[M,K]·B[K,N], row-major, fp32
// accumulation; included by matmul_*.comp, which define how elements are
// loaded and stored:
//   TILE_T            type of the shared-memory tiles
//   LOAD_A(i) LOAD_B(i)  element i of A / B as TILE_T
//   STORE_C(i, v)     write float v to element i of C
//
// Block tile BM×BN = 128×128, K step BK = 8, 256 invocations as 16×16; each
// owns 8×8 outputs strided by 16 (rows ty+16·i, columns tx+16·j), so reads
// of the B tile and writes of C are unit-stride across tx.  The A tile is
// stored transposed (As[k][m]) so both operands are read along a row of
// shared memory.  The next K step's global loads go to registers before
// the current step's FMAs (register prefetch).  Edges load zeros and skip
// stores outside M×N, so every size is correct.

layout(local_size_x = 256) in;
layout(push_constant) uniform Push { uint M, N, K; } pc;

const uint BM = 128, BN = 128, BK = 8, TM = 8, TN = 8;
const uint PAD = 4;     // rows of 132 words: the transposed A store spreads over banks

shared TILE_T As[BK][BM + PAD];
shared TILE_T Bs[BK][BN + PAD];

void main()
{
    const uint lid = gl_LocalInvocationID.x;
    const uint tx = lid % 16, ty = lid / 16;
    const uint row0 = gl_WorkGroupID.y * BM, col0 = gl_WorkGroupID.x * BN;
    TILE_T ra[4], rb[4];
    float acc[TM][TN];

    for (uint i = 0; i < TM; i++)
        for (uint j = 0; j < TN; j++)
            acc[i][j] = 0.0;

    // Element e = lid + 256·q of a tile: A as (e / BK, e % BK), B as (e / BN, e % BN).
    for (uint q = 0; q < 4; q++) {
        uint e = lid + 256 * q;
        uint ar = row0 + e / BK, ak = e % BK;
        uint bk = e / BN, bc = col0 + e % BN;
        ra[q] = (ar < pc.M && ak < pc.K) ? LOAD_A(ar * pc.K + ak) : TILE_T(0);
        rb[q] = (bk < pc.K && bc < pc.N) ? LOAD_B(bk * pc.N + bc) : TILE_T(0);
    }

    for (uint k0 = 0; k0 < pc.K; k0 += BK) {
        barrier();      // every invocation is done reading the previous tiles
        for (uint q = 0; q < 4; q++) {
            uint e = lid + 256 * q;
            As[e % BK][e / BK] = ra[q];
            Bs[e / BN][e % BN] = rb[q];
        }
        barrier();
        if (k0 + BK < pc.K) {
            for (uint q = 0; q < 4; q++) {
                uint e = lid + 256 * q;
                uint ar = row0 + e / BK, ak = k0 + BK + e % BK;
                uint bk = k0 + BK + e / BN, bc = col0 + e % BN;
                ra[q] = (ar < pc.M && ak < pc.K) ? LOAD_A(ar * pc.K + ak) : TILE_T(0);
                rb[q] = (bk < pc.K && bc < pc.N) ? LOAD_B(bk * pc.N + bc) : TILE_T(0);
            }
        }
        for (uint kk = 0; kk < BK; kk++) {
            float a[TM], b[TN];
            for (uint i = 0; i < TM; i++)
                a[i] = float(As[kk][ty + 16 * i]);
            for (uint j = 0; j < TN; j++)
                b[j] = float(Bs[kk][tx + 16 * j]);
            for (uint i = 0; i < TM; i++)
                for (uint j = 0; j < TN; j++)
                    acc[i][j] = fma(a[i], b[j], acc[i][j]);
        }
    }

    for (uint i = 0; i < TM; i++) {
        uint r = row0 + ty + 16 * i;
        if (r >= pc.M)
            break;
        for (uint j = 0; j < TN; j++) {
            uint col = col0 + tx + 16 * j;
            if (col < pc.N)
                STORE_C(r * pc.N + col, acc[i][j]);
        }
    }
}
