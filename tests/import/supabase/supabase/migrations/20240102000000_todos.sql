create extension if not exists "uuid-ossp" with schema extensions;
create table public.todos (
  id uuid primary key default extensions.uuid_generate_v4(),
  user_id uuid not null references auth.users (id),
  task text check (char_length(task) > 3),
  is_complete boolean default false,
  inserted_at timestamptz default timezone('utc'::text, now()) not null
);
create index todos_user_id_idx on public.todos (user_id);
alter table public.todos enable row level security;
create policy "Individuals can manage their own todos." on public.todos for all to authenticated
  using (auth.uid() = user_id) with check (auth.uid() = user_id);
insert into storage.buckets (id, name, public) values ('avatars', 'avatars', true);
create policy "Avatar images are publicly accessible." on storage.objects for select using (bucket_id = 'avatars');
create policy "Anyone can upload an avatar." on storage.objects for insert to authenticated with check (bucket_id = 'avatars' and (storage.foldername(name))[1] = auth.uid()::text);
grant select on public.todos to anon;
