build-dev/src/cli/sys-device.o: src/cli/sys-device.c \
 /usr/include/blkid/blkid.h src/shared/fileio.h src/cli/log.h \
 src/shared/macro.h src/shared/proc-parse.h src/cli/sys.h
/usr/include/blkid/blkid.h:
src/shared/fileio.h:
src/cli/log.h:
src/shared/macro.h:
src/shared/proc-parse.h:
src/cli/sys.h:
