#ifndef FEEDWATCH_CLIBXML2_SHIM_H
#define FEEDWATCH_CLIBXML2_SHIM_H
#include <libxml/xmlversion.h>
/* Debian builds libxml2 with ICU, whose headers clash with the copy of ICU inside Foundation
 * (UErrorCode defined twice). Only the ICU converter fields at the end of xmlCharEncodingHandler depend
 * on this macro; we never allocate or read that struct, so hiding them changes no layout we rely on. */
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/HTMLparser.h>
#include <libxml/entities.h>
#include <libxml/xmlerror.h>
#include <libxml/dict.h>
#endif
