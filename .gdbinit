# .gdbinit - attach gdb to `make debug` (QEMU stopped, waiting on :1234).
# make debug writes build/debug.gdb for its ARCH (tools/gdb-setup.sh,
# which also lets gdb load this file): the kernel's symbols and the
# connection. Run `gdb` here for x86_64, `gdb-multiarch` for sh4.
source build/debug.gdb
