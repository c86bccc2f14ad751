#ifndef FEEDWATCH_CCURL_SHIM_H
#define FEEDWATCH_CCURL_SHIM_H
/* libcurl for Swift. curl_easy_setopt, curl_easy_getinfo, curl_multi_setopt and curl_share_setopt are
 * variadic, which Swift cannot call: each typed wrapper below fixes the argument type that libcurl's
 * documentation gives for the options it is used with. They are static inline so that a system-library
 * target (which cannot compile C files) can carry them. */
#include <curl/curl.h>

static inline CURLcode feedwatch_easy_setopt_long(CURL *handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}
static inline CURLcode feedwatch_easy_setopt_offset(CURL *handle, CURLoption option, curl_off_t value) {
    return curl_easy_setopt(handle, option, value);
}
/* libcurl copies string options (since 7.17), so the Swift string may be freed after the call. */
static inline CURLcode feedwatch_easy_setopt_string(CURL *handle, CURLoption option, const char *value) {
    return curl_easy_setopt(handle, option, value);
}
static inline CURLcode feedwatch_easy_setopt_pointer(CURL *handle, CURLoption option, void *value) {
    return curl_easy_setopt(handle, option, value);
}
/* The list is not copied: the caller keeps it alive until the handle is freed. */
static inline CURLcode feedwatch_easy_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value) {
    return curl_easy_setopt(handle, option, value);
}
/* CURLOPT_WRITEFUNCTION and CURLOPT_HEADERFUNCTION share this signature. */
static inline CURLcode feedwatch_easy_setopt_write_function(CURL *handle, CURLoption option, curl_write_callback value) {
    return curl_easy_setopt(handle, option, value);
}
static inline CURLcode feedwatch_easy_setopt_opensocket_function(CURL *handle, curl_opensocket_callback value) {
    return curl_easy_setopt(handle, CURLOPT_OPENSOCKETFUNCTION, value);
}
/* CURLOPT_PREREQFUNCTION (libcurl 7.80): called before every request is sent, redirect hops included, with
 * the address of the connection it goes out on, new or reused. */
static inline CURLcode feedwatch_easy_setopt_prereq_function(CURL *handle, curl_prereq_callback value) {
    return curl_easy_setopt(handle, CURLOPT_PREREQFUNCTION, value);
}

static inline CURLcode feedwatch_easy_getinfo_long(CURL *handle, CURLINFO info, long *value) {
    return curl_easy_getinfo(handle, info, value);
}
static inline CURLcode feedwatch_easy_getinfo_offset(CURL *handle, CURLINFO info, curl_off_t *value) {
    return curl_easy_getinfo(handle, info, value);
}
/* The string belongs to the handle and lives until the handle is freed or reused. */
static inline CURLcode feedwatch_easy_getinfo_string(CURL *handle, CURLINFO info, const char **value) {
    return curl_easy_getinfo(handle, info, value);
}

static inline CURLMcode feedwatch_multi_setopt_long(CURLM *handle, CURLMoption option, long value) {
    return curl_multi_setopt(handle, option, value);
}

/* Macros Swift does not import as constants. */
static const long feedwatch_pipe_multiplex = CURLPIPE_MULTIPLEX;
static const long feedwatch_http_version_2tls = CURL_HTTP_VERSION_2TLS;
static const curl_socket_t feedwatch_socket_bad = CURL_SOCKET_BAD;
static const int feedwatch_prereq_ok = CURL_PREREQFUNC_OK;
static const int feedwatch_prereq_abort = CURL_PREREQFUNC_ABORT;
static const long feedwatch_global_default = CURL_GLOBAL_DEFAULT;
static const CURLversion feedwatch_version_now = CURLVERSION_NOW;
#endif
