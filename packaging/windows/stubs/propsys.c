/* propsys.dll for Wine only: Python 3.12's _wmi module (behind the platform module) imports
 * VariantToString, which Wine 8's propsys.dll has only as a stub that aborts when called. This one
 * converts the kinds a WMI answer holds (text, integers, booleans, empty) and refuses the rest, so
 * platform falls back as it does when WMI is unavailable. Enabled only for this program's
 * executables (DllOverrides); never shipped with the program. */
#define COBJMACROS
#include <windows.h>
#include <oleauto.h>
#include <wchar.h>

__declspec(dllexport) HRESULT WINAPI VariantToString(const VARIANT *var, PWSTR out, UINT size) {
    wchar_t number[32];
    const wchar_t *text = NULL;
    if (!var || !out || size == 0) return E_INVALIDARG;
    switch (V_VT(var)) {
    case VT_EMPTY: case VT_NULL: text = L""; break;
    case VT_BSTR: text = V_BSTR(var) ? V_BSTR(var) : L""; break;
    case VT_BOOL: text = V_BOOL(var) ? L"True" : L"False"; break;
    case VT_I2: swprintf(number, 32, L"%d", V_I2(var)); text = number; break;
    case VT_I4: swprintf(number, 32, L"%ld", V_I4(var)); text = number; break;
    case VT_UI1: swprintf(number, 32, L"%u", V_UI1(var)); text = number; break;
    case VT_UI4: swprintf(number, 32, L"%lu", V_UI4(var)); text = number; break;
    case VT_I8: swprintf(number, 32, L"%lld", V_I8(var)); text = number; break;
    case VT_UI8: swprintf(number, 32, L"%llu", V_UI8(var)); text = number; break;
    default: return E_NOTIMPL;
    }
    if (wcslen(text) + 1 > size) return HRESULT_FROM_WIN32(ERROR_INSUFFICIENT_BUFFER);
    wcscpy(out, text);
    return S_OK;
}
