// libpng's simplified png_image API needs no setjmp/longjmp from Swift.
// Function-like macros do not import into Swift: wrap the ones we need here.
#include <png.h>

static inline size_t cpng_image_size(const png_image *image) {
    return PNG_IMAGE_SIZE(*image);
}
static inline int cpng_image_failed(const png_image *image) {
    return PNG_IMAGE_FAILED(*image);
}
