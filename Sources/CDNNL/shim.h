// oneDNN's C API (Debian: libdnnl-dev, built on GNU OpenMP), and small wrappers for the
// parts Swift imports badly: fixed-size dims arrays (dnnl_dims_t is int64_t[12]).
#include <oneapi/dnnl/dnnl.h>

// From libgomp (omp.h is not on the default include path). The setting is per thread:
// the Kernels target calls it with 1 on each of its own threads before using oneDNN.
void omp_set_num_threads(int num_threads);
int omp_get_max_threads(void);

/// A float32 4-D memory descriptor with the given layout tag (or dnnl_format_tag_any).
static inline dnnl_status_t acgan_dnnl_memory_desc_4d(dnnl_memory_desc_t *md, int64_t d0,
        int64_t d1, int64_t d2, int64_t d3, dnnl_format_tag_t tag) {
    dnnl_dims_t dims = {d0, d1, d2, d3};
    return dnnl_memory_desc_init_by_tag(md, 4, dims, dnnl_f32, tag);
}

/// A float32 1-D memory descriptor (biases).
static inline dnnl_status_t acgan_dnnl_memory_desc_1d(dnnl_memory_desc_t *md, int64_t d0) {
    dnnl_dims_t dims = {d0};
    return dnnl_memory_desc_init_by_tag(md, 1, dims, dnnl_f32, dnnl_x);
}

/// Forward convolution (prop_kind dnnl_forward_training or dnnl_forward_inference) with the
/// algorithm given (dnnl_convolution_direct or dnnl_convolution_winograd), same
/// stride and padding on both axes. Right/bottom padding equals left/top padding: oneDNN then
/// floors the output size exactly as PyTorch does.
static inline dnnl_status_t acgan_dnnl_convolution_forward(dnnl_convolution_desc_t *desc,
        dnnl_prop_kind_t prop_kind, dnnl_alg_kind_t algorithm, const dnnl_memory_desc_t *src,
        const dnnl_memory_desc_t *weights, const dnnl_memory_desc_t *bias,
        const dnnl_memory_desc_t *dst, int64_t stride, int64_t padding) {
    dnnl_dims_t strides = {stride, stride};
    dnnl_dims_t pad = {padding, padding};
    return dnnl_convolution_forward_desc_init(desc, prop_kind,
            algorithm, src, weights, bias, dst, strides, pad, pad);
}

/// Backward-data convolution (the input gradient).
static inline dnnl_status_t acgan_dnnl_convolution_backward_data(dnnl_convolution_desc_t *desc,
        dnnl_alg_kind_t algorithm, const dnnl_memory_desc_t *diff_src, const dnnl_memory_desc_t *weights,
        const dnnl_memory_desc_t *diff_dst, int64_t stride, int64_t padding) {
    dnnl_dims_t strides = {stride, stride};
    dnnl_dims_t pad = {padding, padding};
    return dnnl_convolution_backward_data_desc_init(desc, algorithm, diff_src,
            weights, diff_dst, strides, pad, pad);
}

/// Backward-weights convolution (weight and bias gradients).
static inline dnnl_status_t acgan_dnnl_convolution_backward_weights(
        dnnl_convolution_desc_t *desc, dnnl_alg_kind_t algorithm, const dnnl_memory_desc_t *src,
        const dnnl_memory_desc_t *diff_weights, const dnnl_memory_desc_t *diff_bias,
        const dnnl_memory_desc_t *diff_dst, int64_t stride, int64_t padding) {
    dnnl_dims_t strides = {stride, stride};
    dnnl_dims_t pad = {padding, padding};
    return dnnl_convolution_backward_weights_desc_init(desc, algorithm, src,
            diff_weights, diff_bias, diff_dst, strides, pad, pad);
}
