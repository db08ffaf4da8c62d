/* The BLAS and LAPACK routines FAISS 1.7.3 links against, for the browser build.
 *
 * There is no OpenBLAS for WebAssembly in Debian, and the engine only searches indexes that were
 * trained natively. So:
 *  - sgemm_ and sgemv_ are real (column-major, Fortran calling convention, FINTEGER = int as
 *    FAISS is compiled with -DFINTEGER=int). FAISS uses sgemm_ at search time for batches of
 *    queries (exhaustive inner product / L2 with 20 or more queries), for linear transforms
 *    (IndexPreTransform, LSH rotations) and for product-quantizer distance tables.
 *  - everything else is only reached while training PCA, OPQ, ITQ, random rotations, residual or
 *    local-search quantizers: those abort with a message that says so instead of computing
 *    something wrong.
 * The signatures repeat FAISS's own extern "C" declarations exactly, return types included:
 * WebAssembly traps on a call through a mismatched signature.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef __wasm_simd128__
#include <wasm_simd128.h>
#endif

typedef int FINTEGER;

static int is_transposed(const char* trans) {
    return trans[0] == 'T' || trans[0] == 't' || trans[0] == 'C' || trans[0] == 'c';
}

static void reject_argument(const char* routine, int position) {
    fprintf(stderr, "%s: parameter %d has an illegal value\n", routine, position);
    abort();
}

/* Sum of x[i] * y[i]. Four SIMD lanes of partial sums, as FAISS's own fvec_inner_product does. */
static float dot(const float* x, const float* y, int n) {
    int i = 0;
    float sum = 0.0f;
#ifdef __wasm_simd128__
    v128_t acc = wasm_f32x4_splat(0.0f);
    for (; i + 4 <= n; i += 4) {
        acc = wasm_f32x4_add(acc, wasm_f32x4_mul(wasm_v128_load(x + i), wasm_v128_load(y + i)));
    }
    sum = wasm_f32x4_extract_lane(acc, 0) + wasm_f32x4_extract_lane(acc, 1) +
          wasm_f32x4_extract_lane(acc, 2) + wasm_f32x4_extract_lane(acc, 3);
#endif
    for (; i < n; i++) {
        sum += x[i] * y[i];
    }
    return sum;
}

/* y[i] += alpha * x[i], contiguous. */
static void axpy(float alpha, const float* x, float* y, int n) {
    for (int i = 0; i < n; i++) {
        y[i] += alpha * x[i];
    }
}

/* C(m x n) := alpha * op(A)(m x k) * op(B)(k x n) + beta * C, all column-major. */
int sgemm_(const char* transa, const char* transb, FINTEGER* m, FINTEGER* n, FINTEGER* k,
           const float* alpha, const float* a, FINTEGER* lda, const float* b, FINTEGER* ldb,
           float* beta, float* c, FINTEGER* ldc) {
    const int ta = is_transposed(transa);
    const int tb = is_transposed(transb);
    const int rows = *m, cols = *n, depth = *k;
    if (rows < 0) reject_argument("sgemm_", 3);
    if (cols < 0) reject_argument("sgemm_", 4);
    if (depth < 0) reject_argument("sgemm_", 5);
    if (*lda < (ta ? (depth > 1 ? depth : 1) : (rows > 1 ? rows : 1))) reject_argument("sgemm_", 8);
    if (*ldb < (tb ? (cols > 1 ? cols : 1) : (depth > 1 ? depth : 1))) reject_argument("sgemm_", 10);
    if (*ldc < (rows > 1 ? rows : 1)) reject_argument("sgemm_", 13);
    if (rows == 0 || cols == 0) return 0;

    /* A transposed B column gathered into a contiguous buffer, so every product is a dot or axpy
     * over contiguous memory. */
    float* b_column = NULL;
    if (tb) {
        b_column = (float*)malloc((size_t)(depth > 0 ? depth : 1) * sizeof(float));
        if (b_column == NULL) {
            fprintf(stderr, "sgemm_: out of memory for %d floats\n", depth);
            abort();
        }
    }
    for (int j = 0; j < cols; j++) {
        float* cj = c + (size_t)j * (size_t)*ldc;
        if (*beta == 0.0f) {
            memset(cj, 0, (size_t)rows * sizeof(float));  /* C may hold garbage: never read it */
        } else if (*beta != 1.0f) {
            for (int i = 0; i < rows; i++) cj[i] *= *beta;
        }
        if (*alpha == 0.0f || depth == 0) continue;

        const float* bj;
        if (tb) {
            for (int l = 0; l < depth; l++) b_column[l] = b[j + (size_t)l * (size_t)*ldb];
            bj = b_column;
        } else {
            bj = b + (size_t)j * (size_t)*ldb;
        }
        if (ta) {
            for (int i = 0; i < rows; i++) {
                cj[i] += *alpha * dot(a + (size_t)i * (size_t)*lda, bj, depth);
            }
        } else {
            for (int l = 0; l < depth; l++) {
                axpy(*alpha * bj[l], a + (size_t)l * (size_t)*lda, cj, rows);
            }
        }
    }
    free(b_column);
    return 0;
}

/* y := alpha * op(A) * x + beta * y, A is m x n column-major. */
int sgemv_(const char* trans, FINTEGER* m, FINTEGER* n, float* alpha, const float* a, FINTEGER* lda,
           const float* x, FINTEGER* incx, float* beta, float* y, FINTEGER* incy) {
    const int t = is_transposed(trans);
    const int rows = *m, cols = *n;
    if (rows < 0) reject_argument("sgemv_", 2);
    if (cols < 0) reject_argument("sgemv_", 3);
    if (*lda < (rows > 1 ? rows : 1)) reject_argument("sgemv_", 6);
    if (*incx == 0) reject_argument("sgemv_", 8);
    if (*incy == 0) reject_argument("sgemv_", 11);
    const int len_x = t ? rows : cols;
    const int len_y = t ? cols : rows;
    const int sx = *incx, sy = *incy;
    /* Negative increments walk the vector backwards, as the reference BLAS does. */
    const float* x0 = sx > 0 ? x : x - (size_t)(len_x - 1) * (size_t)(-sx);
    float* y0 = sy > 0 ? y : y - (size_t)(len_y - 1) * (size_t)(-sy);
    for (int i = 0; i < len_y; i++) {
        float* yi = y0 + (long)i * sy;
        *yi = *beta == 0.0f ? 0.0f : *beta * *yi;
    }
    if (*alpha == 0.0f) return 0;
    for (int i = 0; i < len_y; i++) {
        float sum = 0.0f;
        for (int l = 0; l < len_x; l++) {
            const float ail = t ? a[l + (size_t)i * (size_t)*lda] : a[i + (size_t)l * (size_t)*lda];
            sum += ail * x0[(long)l * sx];
        }
        y0[(long)i * sy] += *alpha * sum;
    }
    return 0;
}

/* Training-only routines. */

static void training_only(const char* routine) {
    fprintf(stderr,
            "%s is not available in the browser build of FAISS: it is only used to train "
            "PCA/OPQ/ITQ/random-rotation/residual/local-search quantizers; train the index natively\n",
            routine);
    abort();
}

int dgemm_(const char* transa, const char* transb, FINTEGER* m, FINTEGER* n, FINTEGER* k,
           const double* alpha, const double* a, FINTEGER* lda, const double* b, FINTEGER* ldb,
           double* beta, double* c, FINTEGER* ldc) {
    (void)transa, (void)transb, (void)m, (void)n, (void)k, (void)alpha, (void)a, (void)lda;
    (void)b, (void)ldb, (void)beta, (void)c, (void)ldc;
    training_only("dgemm_");
    return 0;
}

int ssyrk_(const char* uplo, const char* trans, FINTEGER* n, FINTEGER* k, float* alpha, float* a,
           FINTEGER* lda, float* beta, float* c, FINTEGER* ldc) {
    (void)uplo, (void)trans, (void)n, (void)k, (void)alpha, (void)a, (void)lda, (void)beta;
    (void)c, (void)ldc;
    training_only("ssyrk_");
    return 0;
}

int ssyev_(const char* jobz, const char* uplo, FINTEGER* n, float* a, FINTEGER* lda, float* w,
           float* work, FINTEGER* lwork, FINTEGER* info) {
    (void)jobz, (void)uplo, (void)n, (void)a, (void)lda, (void)w, (void)work, (void)lwork;
    (void)info;
    training_only("ssyev_");
    return 0;
}

int dsyev_(const char* jobz, const char* uplo, FINTEGER* n, double* a, FINTEGER* lda, double* w,
           double* work, FINTEGER* lwork, FINTEGER* info) {
    (void)jobz, (void)uplo, (void)n, (void)a, (void)lda, (void)w, (void)work, (void)lwork;
    (void)info;
    training_only("dsyev_");
    return 0;
}

int sgesvd_(const char* jobu, const char* jobvt, FINTEGER* m, FINTEGER* n, float* a, FINTEGER* lda,
            float* s, float* u, FINTEGER* ldu, float* vt, FINTEGER* ldvt, float* work,
            FINTEGER* lwork, FINTEGER* info) {
    (void)jobu, (void)jobvt, (void)m, (void)n, (void)a, (void)lda, (void)s, (void)u, (void)ldu;
    (void)vt, (void)ldvt, (void)work, (void)lwork, (void)info;
    training_only("sgesvd_");
    return 0;
}

int dgesvd_(const char* jobu, const char* jobvt, FINTEGER* m, FINTEGER* n, double* a, FINTEGER* lda,
            double* s, double* u, FINTEGER* ldu, double* vt, FINTEGER* ldvt, double* work,
            FINTEGER* lwork, FINTEGER* info) {
    (void)jobu, (void)jobvt, (void)m, (void)n, (void)a, (void)lda, (void)s, (void)u, (void)ldu;
    (void)vt, (void)ldvt, (void)work, (void)lwork, (void)info;
    training_only("dgesvd_");
    return 0;
}

int sgeqrf_(FINTEGER* m, FINTEGER* n, float* a, FINTEGER* lda, float* tau, float* work,
            FINTEGER* lwork, FINTEGER* info) {
    (void)m, (void)n, (void)a, (void)lda, (void)tau, (void)work, (void)lwork, (void)info;
    training_only("sgeqrf_");
    return 0;
}

int sorgqr_(FINTEGER* m, FINTEGER* n, FINTEGER* k, float* a, FINTEGER* lda, float* tau,
            float* work, FINTEGER* lwork, FINTEGER* info) {
    (void)m, (void)n, (void)k, (void)a, (void)lda, (void)tau, (void)work, (void)lwork, (void)info;
    training_only("sorgqr_");
    return 0;
}

int sgelsd_(FINTEGER* m, FINTEGER* n, FINTEGER* nrhs, float* a, FINTEGER* lda, float* b,
            FINTEGER* ldb, float* s, float* rcond, FINTEGER* rank, float* work, FINTEGER* lwork,
            FINTEGER* iwork, FINTEGER* info) {
    (void)m, (void)n, (void)nrhs, (void)a, (void)lda, (void)b, (void)ldb, (void)s, (void)rcond;
    (void)rank, (void)work, (void)lwork, (void)iwork, (void)info;
    training_only("sgelsd_");
    return 0;
}

void sgetrf_(FINTEGER* m, FINTEGER* n, float* a, FINTEGER* lda, FINTEGER* ipiv, FINTEGER* info) {
    (void)m, (void)n, (void)a, (void)lda, (void)ipiv, (void)info;
    training_only("sgetrf_");
}

void sgetri_(FINTEGER* n, float* a, FINTEGER* lda, FINTEGER* ipiv, float* work, FINTEGER* lwork,
             FINTEGER* info) {
    (void)n, (void)a, (void)lda, (void)ipiv, (void)work, (void)lwork, (void)info;
    training_only("sgetri_");
}

void dgetrf_(FINTEGER* m, FINTEGER* n, double* a, FINTEGER* lda, FINTEGER* ipiv, FINTEGER* info) {
    (void)m, (void)n, (void)a, (void)lda, (void)ipiv, (void)info;
    training_only("dgetrf_");
}

void dgetri_(FINTEGER* n, double* a, FINTEGER* lda, FINTEGER* ipiv, double* work, FINTEGER* lwork,
             FINTEGER* info) {
    (void)n, (void)a, (void)lda, (void)ipiv, (void)work, (void)lwork, (void)info;
    training_only("dgetri_");
}
