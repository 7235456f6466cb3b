build-dev/src/cli/sys-features.o: src/cli/sys-features.c \
 src/cli/version-features.h src/cli/log.h src/shared/macro.h \
 src/shared/sys-kcapi.h src/cli/sys.h
src/cli/version-features.h:
src/cli/log.h:
src/shared/macro.h:
src/shared/sys-kcapi.h:
src/cli/sys.h:
