"""Package services (打包服务, clauses 4.2.2-1, 4.2.2-2): several similar needs of one industry bundled
for one institution window, which takes a step on all of them at once."""
