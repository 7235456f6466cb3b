build-dev/src/shared/kcapi-name.o: src/shared/kcapi-name.c \
 src/shared/kcapi-name.h src/shared/cpu-features.h src/shared/macro.h \
 src/shared/parse.h
src/shared/kcapi-name.h:
src/shared/cpu-features.h:
src/shared/macro.h:
src/shared/parse.h:
