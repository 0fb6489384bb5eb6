/* bcryptprimitives.dll for Wine only: Rust's standard library (in cryptography's _rust.pyd) takes
 * its random bytes from ProcessPrng, which Wine 8 lacks. This one asks the system RNG through
 * BCryptGenRandom, as Windows' own ProcessPrng does. Never shipped with the program. */
#include <windows.h>
#include <bcrypt.h>

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T size) {
    while (size > 0) {
        ULONG chunk = size > 0x40000000 ? 0x40000000 : (ULONG)size;
        if (BCryptGenRandom(NULL, data, chunk, BCRYPT_USE_SYSTEM_PREFERRED_RNG) != 0) return FALSE;
        data += chunk;
        size -= chunk;
    }
    return TRUE;
}
