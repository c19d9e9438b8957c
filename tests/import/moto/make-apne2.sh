#!/bin/sh
# make-apne2.sh - derive the moto-vpc-apne2 fixture from moto-vpc (not run by CI): the
# same snapshot as if collected in ap-northeast-2 (moto hands out random prefix-list
# ids; AWS's S3 list there is pl-78a54011, which in ap-northeast-1 names the DynamoDB
# list: prefix-list ids are per Region, F2.15).  Bucket locations become the Region.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
fx=$here/../fixtures
rm -rf "$fx/moto-vpc-apne2"
cp -r "$fx/moto-vpc" "$fx/moto-vpc-apne2"
cd "$fx/moto-vpc-apne2"
mv us-east-1 ap-northeast-2
s3pl=$(sed -n 's/.*"PrefixListId": "\(pl-[0-9a-f]*\)".*/\1/p' ap-northeast-2/prefix-lists.json |
	while read -r id; do
		grep -q "\"$id\"" ap-northeast-2/prefix-lists.json &&
		grep -A2 "\"$id\"" ap-northeast-2/prefix-lists.json | grep -q 'us-east-1\.s3"' && echo "$id"
	done | head -n 1)
[ -n "$s3pl" ] || { echo "make-apne2: no S3 prefix list in moto-vpc" >&2; exit 1; }
find . -name '*.json' | while read -r f; do
	sed -e 's/us-east-1/ap-northeast-2/g' -e 's/use1-az/apne2-az/g' -e "s/$s3pl/pl-78a54011/g" "$f" >"$f.new"
	mv "$f.new" "$f"
done
for f in $(find . -path '*prefix-list-entries*' -name "$s3pl.json"); do mv "$f" "$(dirname "$f")/pl-78a54011.json"; done
for f in global/bucket-locations/*.json; do
	printf '{\n    "LocationConstraint": "ap-northeast-2"\n}\n' >"$f"
done
