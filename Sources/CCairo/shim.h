// cairo, the anti-aliased 2D vector graphics library (Debian: libcairo2-dev).
#include <cairo.h>
