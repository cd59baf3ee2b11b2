# fs.mk - the file layer's open files and seq_file for test_fs.c.
KERNEL_SRCS += kernel/file.c kernel/seq_file.c
