# Used by `make debug`: QEMU waits on :1234 with the CPU stopped.
# Run `gdb` from the top of the tree (allow it with
# `set auto-load safe-path .` in ~/.gdbinit). For sh4, use gdb-multiarch
# and `file build/sh4/kernel.elf`.
file build/x86_64/kernel.elf
target remote :1234
