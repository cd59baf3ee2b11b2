# fs.mk - the file layer's open files and seq_file, and the log ring, for
# test_fs.c, test_seq_file.c and test_logbuf.c.
KERNEL_SRCS += kernel/file.c kernel/seq_file.c kernel/logbuf.c
