/* icuuc.dll for Wine only: Qt 6's Qt6Core.dll imports ICU's converter functions from Windows 10's
 * system icuuc.dll, which Wine 8 does not have. Every converter "fails to open", so Qt uses its own
 * built-in UTF-8/UTF-16/Latin-1 codecs (all this program needs). Never shipped with the program:
 * a copy beside BranchKeeper.exe would shadow the real one on Windows. */
#include <stddef.h>
#include <stdint.h>

typedef int UErrorCode;
#define U_FILE_ACCESS_ERROR 4
#define EXPORT __declspec(dllexport)

static void fail(UErrorCode *err) { if (err && *err <= 0) *err = U_FILE_ACCESS_ERROR; }

EXPORT void *ucnv_open(const char *name, UErrorCode *err) { (void)name; fail(err); return NULL; }
EXPORT void ucnv_close(void *cnv) { (void)cnv; }
EXPORT void ucnv_reset(void *cnv) { (void)cnv; }
EXPORT int8_t ucnv_getMaxCharSize(const void *cnv) { (void)cnv; return 1; }
EXPORT const char *ucnv_getName(const void *cnv, UErrorCode *err) { (void)cnv; fail(err); return NULL; }
EXPORT void ucnv_getToUCallBack(const void *cnv, void **action, const void **context) {
    (void)cnv; if (action) *action = NULL; if (context) *context = NULL; }
EXPORT void ucnv_getFromUCallBack(const void *cnv, void **action, const void **context) {
    (void)cnv; if (action) *action = NULL; if (context) *context = NULL; }
EXPORT void ucnv_setToUCallBack(void *cnv, void *a, const void *c, void **oa, const void **oc, UErrorCode *err) {
    (void)cnv; (void)a; (void)c; (void)oa; (void)oc; fail(err); }
EXPORT void ucnv_setFromUCallBack(void *cnv, void *a, const void *c, void **oa, const void **oc, UErrorCode *err) {
    (void)cnv; (void)a; (void)c; (void)oa; (void)oc; fail(err); }
EXPORT void ucnv_cbToUWriteUChars(void *args, const uint16_t *s, int32_t n, int32_t off, UErrorCode *err) {
    (void)args; (void)s; (void)n; (void)off; fail(err); }
EXPORT void ucnv_cbFromUWriteUChars(void *args, const uint16_t **s, const uint16_t *lim, int32_t off, UErrorCode *err) {
    (void)args; (void)s; (void)lim; (void)off; fail(err); }
EXPORT void ucnv_toUnicode(void *cnv, uint16_t **t, const uint16_t *tl, const char **s, const char *sl, int32_t *o,
                           int8_t flush, UErrorCode *err) {
    (void)cnv; (void)t; (void)tl; (void)s; (void)sl; (void)o; (void)flush; fail(err); }
EXPORT void ucnv_fromUnicode(void *cnv, char **t, const char *tl, const uint16_t **s, const uint16_t *sl, int32_t *o,
                             int8_t flush, UErrorCode *err) {
    (void)cnv; (void)t; (void)tl; (void)s; (void)sl; (void)o; (void)flush; fail(err); }
EXPORT int32_t ucnv_toUCountPending(const void *cnv, UErrorCode *err) { (void)cnv; fail(err); return 0; }
EXPORT int32_t ucnv_fromUCountPending(const void *cnv, UErrorCode *err) { (void)cnv; fail(err); return 0; }
EXPORT const char *ucnv_getStandardName(const char *name, const char *standard, UErrorCode *err) {
    (void)name; (void)standard; fail(err); return NULL; }
EXPORT const char *ucnv_getAvailableName(int32_t n) { (void)n; return NULL; }
EXPORT int32_t ucnv_countAvailable(void) { return 0; }
