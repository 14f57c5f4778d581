// TurboJPEG (libjpeg-turbo's high-level API) reports errors by return value: no setjmp needed.
#include <turbojpeg.h>
