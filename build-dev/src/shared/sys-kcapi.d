build-dev/src/shared/sys-kcapi.o: src/shared/sys-kcapi.c \
 src/shared/sys-kcapi.h src/shared/fileio.h src/shared/kcapi-name.h \
 src/shared/macro.h
src/shared/sys-kcapi.h:
src/shared/fileio.h:
src/shared/kcapi-name.h:
src/shared/macro.h:
