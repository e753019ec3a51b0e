/* A stand-in for Windows' own icuuc.dll (part of Windows 10 1903 and later), for installer/check.sh only.
 *
 * Wine 8 has no ICU, so Qt6Core.dll, which imports the twenty ucnv_* functions below from the system's
 * icuuc.dll, does not load under Wine. This library is copied into the throw-away Wine prefix's system32
 * (never into the installer) so that check.sh can start the installed Qt and run the self-test's
 * refcount probe. Every converter is reported as unavailable (U_FILE_ACCESS_ERROR), which Qt handles: it
 * then offers only its built-in UTF and Latin-1 codecs, which is all the app uses. */
#include <stddef.h>
#include <stdint.h>

#define EXPORT __declspec(dllexport)
#define U_FILE_ACCESS_ERROR 4

typedef int UErrorCode;
typedef uint16_t UChar;

static void fail(UErrorCode *status) {
    if (status != NULL && *status <= 0) {
        *status = U_FILE_ACCESS_ERROR;
    }
}

EXPORT void *ucnv_open(const char *name, UErrorCode *status) { (void)name; fail(status); return NULL; }
EXPORT void ucnv_close(void *converter) { (void)converter; }
EXPORT void ucnv_reset(void *converter) { (void)converter; }
EXPORT int8_t ucnv_getMaxCharSize(const void *converter) { (void)converter; return 1; }
EXPORT const char *ucnv_getName(const void *converter, UErrorCode *status) { (void)converter; fail(status); return NULL; }
EXPORT void ucnv_getToUCallBack(const void *c, void **action, const void **context) { (void)c; *action = NULL; *context = NULL; }
EXPORT void ucnv_getFromUCallBack(const void *c, void **action, const void **context) { (void)c; *action = NULL; *context = NULL; }
EXPORT void ucnv_setToUCallBack(void *c, void *n, const void *nc, void **o, const void **oc, UErrorCode *status) {
    (void)c; (void)n; (void)nc; (void)o; (void)oc; fail(status);
}
EXPORT void ucnv_setFromUCallBack(void *c, void *n, const void *nc, void **o, const void **oc, UErrorCode *status) {
    (void)c; (void)n; (void)nc; (void)o; (void)oc; fail(status);
}
EXPORT void ucnv_cbToUWriteUChars(void *args, const UChar *source, int32_t length, int32_t offset, UErrorCode *status) {
    (void)args; (void)source; (void)length; (void)offset; fail(status);
}
EXPORT void ucnv_cbFromUWriteUChars(void *args, const UChar **source, const UChar *limit, int32_t offset, UErrorCode *status) {
    (void)args; (void)source; (void)limit; (void)offset; fail(status);
}
EXPORT void ucnv_toUnicode(void *c, UChar **t, const UChar *tl, const char **s, const char *sl, int32_t *o, int8_t f, UErrorCode *status) {
    (void)c; (void)t; (void)tl; (void)s; (void)sl; (void)o; (void)f; fail(status);
}
EXPORT void ucnv_fromUnicode(void *c, char **t, const char *tl, const UChar **s, const UChar *sl, int32_t *o, int8_t f, UErrorCode *status) {
    (void)c; (void)t; (void)tl; (void)s; (void)sl; (void)o; (void)f; fail(status);
}
EXPORT int32_t ucnv_toUCountPending(const void *c, UErrorCode *status) { (void)c; fail(status); return 0; }
EXPORT int32_t ucnv_fromUCountPending(const void *c, UErrorCode *status) { (void)c; fail(status); return 0; }
EXPORT const char *ucnv_getStandardName(const char *name, const char *standard, UErrorCode *status) {
    (void)name; (void)standard; fail(status); return NULL;
}
EXPORT const char *ucnv_getAvailableName(int32_t n) { (void)n; return NULL; }
EXPORT int32_t ucnv_countAvailable(void) { return 0; }
EXPORT void UCNV_FROM_U_CALLBACK_SUBSTITUTE(const void *c, void *a, const UChar *u, int32_t l, int32_t cp, int r, UErrorCode *status) {
    (void)c; (void)a; (void)u; (void)l; (void)cp; (void)r; fail(status);
}
EXPORT void UCNV_TO_U_CALLBACK_SUBSTITUTE(const void *c, void *a, const char *b, int32_t l, int r, UErrorCode *status) {
    (void)c; (void)a; (void)b; (void)l; (void)r; fail(status);
}
