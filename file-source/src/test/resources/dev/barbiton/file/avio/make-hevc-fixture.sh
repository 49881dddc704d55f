#!/bin/sh
# Regenerates hevc-320x240-2s.mp4, the H.265 fixture of the dev.barbiton.file.avio tests:
# 2 s of testsrc2 at 320x240, 25 fps, a keyframe every 25 frames, plus 2 s of AAC sine tone,
# moov first. Synthetic, so the file carries no third-party content.
#
# Needs an ffmpeg built with libx265 (Debian/Ubuntu: apt-get install ffmpeg). The LGPL build
# that ships in the bytedeco jars has no HEVC encoder, which is why this file is committed
# instead of being made at test time like the other test media.
#
# Usage: sh make-hevc-fixture.sh [ffmpeg executable]
set -eu
FFMPEG="${1:-ffmpeg}"
cd "$(dirname "$0")"
"$FFMPEG" -hide_banner -loglevel error -y \
  -f lavfi -i testsrc2=size=320x240:rate=25:duration=2 \
  -f lavfi -i sine=frequency=440:sample_rate=44100:duration=2 \
  -c:v libx265 -preset medium -crf 30 -g 25 -keyint_min 25 -pix_fmt yuv420p \
  -x265-params log-level=error:scenecut=0 -tag:v hvc1 \
  -c:a aac -b:a 48k \
  -map_metadata -1 -fflags +bitexact -flags:v +bitexact -flags:a +bitexact \
  -movflags +faststart \
  hevc-320x240-2s.mp4
