/* host_rename.h - host tests: rename kernel functions that libc also has. */

/*
 * The kernel defines memcpy, snprintf, strerror... itself. On the host
 * those names belong to the C library, which the test runner also links,
 * so the kernel files under test are compiled with this header forced in
 * (-include) and their versions become kmemcpy, ksnprintf, kstrerror.
 * Test files include it through test.h, after the libc headers, so that
 * their calls reach the kernel's code, not libc's. Add a line here when a
 * kernel file defines another name libc also has.
 */
#ifndef HOST_RENAME_H
#define HOST_RENAME_H

#define memset kmemset
#define memcpy kmemcpy
#define memmove kmemmove
#define memcmp kmemcmp
#define strlen kstrlen
#define strnlen kstrnlen
#define strcmp kstrcmp
#define strncmp kstrncmp
#define strchr kstrchr
#define strrchr kstrrchr
#define strlcpy kstrlcpy
#define vsnprintf kvsnprintf
#define snprintf ksnprintf
#define strerror kstrerror

#endif
